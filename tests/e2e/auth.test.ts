import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, newPage } from "./browser";
import { mainNav, navLabels, signIn, signInError, snap, submitSignIn } from "./helpers";

/** Issue 2 — sign-in, navigation by role, 403s, wrong password, lock-out, sign-out (real Chromium, built app). */
const baseURL = inject("baseURL");
const accounts = inject("accounts");
const maxFailed = inject("maxFailedLogins");

let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function fresh(viewport?: { width: number; height: number }): Promise<Page> {
  ({ context, page } = await newPage(browser, baseURL, viewport));
  return page;
}
afterEach(async () => {
  await context?.close();
});

const FORBIDDEN = "You don't have access to this page";

async function meStatus(p: Page): Promise<number> {
  return (await p.request.get("/api/v1/me")).status();
}

describe("navigation by role", () => {
  it("admin signs in and sees every section, including Settings", async () => {
    const p = await fresh();
    await signIn(p, accounts.admin);
    expect(await navLabels(p)).toEqual(["Inbox", "Calls", "Supervisor", "Appointments", "Analytics", "Settings"]);
    await p.getByRole("region", { name: "Conversations" }).waitFor();
    await snap(p, "inbox-admin");

    await p.getByRole("button", { name: "Open user menu" }).click();
    expect(await p.getByTestId("user-menu-role").innerText()).toBe("Admin");
    await snap(p, "user-menu");
    await p.keyboard.press("Escape");

    await mainNav(p).getByRole("link", { name: "Settings" }).click();
    await p.waitForURL((u) => u.pathname === "/settings");
    for (const name of ["Users", "API keys", "Jobs"]) {
      await p
        .getByRole("main")
        .getByRole("link", { name: new RegExp(`^${name}`) })
        .waitFor();
    }
    expect(await p.getByText(FORBIDDEN).count()).toBe(0);
    await snap(p, "settings");
  });

  it("supervisor sees Inbox, Calls, Supervisor and Analytics, and a 403 view on /settings", async () => {
    const p = await fresh();
    await signIn(p, accounts.supervisor);
    expect(await navLabels(p)).toEqual(["Inbox", "Calls", "Supervisor", "Appointments", "Analytics"]);

    await p.goto("/supervisor");
    await p.getByRole("heading", { name: "Supervisor", level: 1 }).waitFor();
    await p.goto("/settings");
    await p.getByRole("heading", { name: FORBIDDEN }).waitFor();
  });

  it("agent sees only Inbox and Calls", async () => {
    const p = await fresh();
    await signIn(p, accounts.agent);
    expect(await navLabels(p)).toEqual(["Inbox", "Calls", "Appointments"]);
  });

  it("agent gets 403 from admin API routes and the 403 view on admin pages", async () => {
    const p = await fresh();
    await signIn(p, accounts.agent);

    // Same cookies as the page: the session is the agent's.
    expect(await meStatus(p)).toBe(200);
    const create = await p.request.post("/api/v1/users", {
      data: { email: "sneaky@e2e.test", name: "Sneaky", role: "admin", password: "whatever-123" },
    });
    expect(create.status()).toBe(403);
    expect((await create.json()).error.code).toBe("FORBIDDEN");
    const keys = await p.request.get("/api/v1/api-keys");
    expect(keys.status()).toBe(403);

    for (const path of ["/settings", "/settings/users", "/settings/api-keys", "/supervisor", "/analytics"]) {
      await p.goto(path);
      await p.getByRole("heading", { name: FORBIDDEN }).waitFor();
      expect(await p.getByRole("table").count()).toBe(0);
    }
    await snap(p, "forbidden");
  });

  it("on a phone-width screen the navigation opens from the menu button", async () => {
    const p = await fresh({ width: 390, height: 844 });
    // signIn() waits for a visible nav; on phones it stays hidden until opened.
    await submitSignIn(p, accounts.supervisor);
    await p.waitForURL((u) => u.pathname === "/inbox");
    await p.getByRole("heading", { name: "Inbox", level: 1 }).waitFor();
    expect(await mainNav(p).isVisible()).toBe(false);
    await p.getByRole("button", { name: "Open navigation" }).click();
    await mainNav(p).waitFor();
    expect(await navLabels(p)).toEqual(["Inbox", "Calls", "Supervisor", "Appointments", "Analytics"]);
    await snap(p, "phone-nav");
    await p.getByRole("button", { name: "Close navigation" }).click();
    await mainNav(p).waitFor({ state: "hidden" });
  });
});

describe("user menu", () => {
  it("changes presence through PATCH /api/v1/me", async () => {
    const p = await fresh();
    await signIn(p, accounts.supervisor);
    const trigger = p.getByRole("button", { name: "Open user menu" });
    await trigger.getByText("Supervisor · Online").waitFor();

    await trigger.click();
    await p.getByRole("menuitemradio", { name: "Away" }).click();
    await trigger.getByText("Supervisor · Away").waitFor();
    expect((await (await p.request.get("/api/v1/me")).json()).presence).toBe("away");

    // It is stored, not just shown: a reload reads it back.
    await p.reload();
    await p.getByRole("button", { name: "Open user menu" }).getByText("Supervisor · Away").waitFor();
    await p.getByRole("button", { name: "Open user menu" }).click();
    expect(await p.getByRole("menuitemradio", { name: "Away" }).getAttribute("aria-checked")).toBe("true");
  });
});

describe("sign-in failures", () => {
  it("a wrong password shows the error and does not sign in", async () => {
    const p = await fresh();
    await p.goto("/signin");
    await p.getByLabel("Email").waitFor();
    await snap(p, "signin");
    await submitSignIn(p, { email: accounts.wrongPassword.email, password: "not-the-password" });
    expect(await signInError(p)).toBe("Wrong email or password.");
    await snap(p, "signin-error");
    expect(new URL(p.url()).pathname).toBe("/signin");
    expect(await meStatus(p)).toBe(401);
  });

  it(`locks the account after ${maxFailed} failures, even for the right password`, async () => {
    const p = await fresh();
    await p.goto("/signin");
    for (let i = 1; i <= maxFailed; i++) {
      await submitSignIn(p, { email: accounts.lockout.email, password: `wrong-${i}` });
      const text = await signInError(p);
      if (i < maxFailed) expect(text).toBe("Wrong email or password.");
      else expect(text).toMatch(/locked/i);
      // Wait for the button to come back before the next attempt (the alert is replaced per attempt).
      await p.getByRole("button", { name: "Sign in", exact: true }).waitFor();
    }
    await submitSignIn(p, accounts.lockout);
    await p.getByText(/locked until/i).waitFor();
    await snap(p, "signin-locked");
    expect(new URL(p.url()).pathname).toBe("/signin");
    expect(await meStatus(p)).toBe(401);
  });
});

describe("sessions", () => {
  it("sign out returns to /signin and the dashboard then redirects to /signin", async () => {
    const p = await fresh();
    await signIn(p, accounts.signOut);
    expect(await meStatus(p)).toBe(200);

    await p.getByRole("button", { name: "Open user menu" }).click();
    await p.getByRole("menuitem", { name: "Sign out" }).click();
    await p.waitForURL((u) => u.pathname === "/signin");
    expect(await meStatus(p)).toBe(401);

    await p.goto("/inbox");
    await p.waitForURL((u) => u.pathname === "/signin");
    expect(new URL(p.url()).searchParams.get("callbackUrl")).toBe("/inbox");
    await p.getByLabel("Email").waitFor();
  });

  it("a signed-out visit to a page comes back to it after signing in (callbackUrl)", async () => {
    const p = await fresh();
    await p.goto("/settings/api-keys");
    await p.waitForURL(
      (u) => u.pathname === "/signin" && u.searchParams.get("callbackUrl") === "/settings/api-keys",
    );
    await signIn(p, accounts.callback, "/settings/api-keys");
    await p.getByRole("heading", { name: "API keys", level: 1 }).waitFor();
  });

  it("ignores a callbackUrl that points to another site", async () => {
    const p = await fresh();
    await p.goto("/signin?callbackUrl=" + encodeURIComponent("https://elsewhere.example/steal"));
    await signIn(p, accounts.agent, "/inbox");
    expect(new URL(p.url()).origin).toBe(baseURL);
  });

  it("`/` sends a visitor to /signin", async () => {
    const p = await fresh();
    await p.goto("/");
    await p.waitForURL((u) => u.pathname === "/signin");
  });
});
