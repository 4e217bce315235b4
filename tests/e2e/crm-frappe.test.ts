import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomInt } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, newPage } from "./browser";
import { mainNav, signIn, snap } from "./helpers";

/**
 * Issue 6 end to end against the built app, the fake Frappe CRM and the fake Meta (nothing of ours
 * mocked): "Sign in with Frappe CRM" through the fake's login and consent pages; a WhatsApp message
 * from a new number becomes a linked CRM Lead; the fake CRM lead page iframes /embed/lead/<name>
 * cross-site (localhost inside 127.0.0.1) and an agent signs in through the popup and replies from
 * inside it; a foreign origin cannot frame the view.
 */
const baseURL = inject("baseURL");
const sandboxURL = inject("sandboxURL");
const frappeURL = inject("frappeURL");
const accounts = inject("accounts");

let browser: Browser;
const contexts: BrowserContext[] = [];
async function open(url = baseURL): Promise<Page> {
  const { context, page } = await newPage(browser, url);
  contexts.push(context);
  return page;
}

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
});

async function json<T>(res: Response): Promise<T> {
  const body = (await res.json()) as T;
  if (!res.ok) throw new Error(`${res.url} → ${res.status} ${JSON.stringify(body)}`);
  return body;
}

describe("Sign in with Frappe CRM", () => {
  it("goes through the fake Frappe login and consent pages and lands on the inbox with the mapped role", async () => {
    const page = await open();
    await page.goto("/signin");
    await page.getByRole("button", { name: "Sign in with Frappe CRM" }).click();
    await page.waitForURL((u) => u.origin === frappeURL && u.pathname === "/login");
    await page.locator("#login_email").fill("agent@example.com");
    await page.locator("#login_password").fill("agent");
    await page.locator("#login_button").click();
    await page.getByRole("heading", { name: "Confirm Access" }).waitFor();
    await page.getByRole("button", { name: "Allow" }).click();
    await page.waitForURL((u) => u.origin === baseURL && u.pathname === "/inbox");
    await mainNav(page).waitFor();
    const me = await (await page.request.get("/api/v1/me")).json();
    expect(me).toMatchObject({ email: "agent@example.com", role: "agent" });
    expect((await mainNav(page).getByRole("link").allInnerTexts()).map((s) => s.trim())).not.toContain("Settings");
    await snap(page, "crm-frappe-signed-in");
  });

  it("refuses a Frappe user without a mapped role, with a clear message", async () => {
    const page = await open();
    await page.goto("/signin");
    await page.getByRole("button", { name: "Sign in with Frappe CRM" }).click();
    await page.waitForURL((u) => u.origin === frappeURL && u.pathname === "/login");
    await page.locator("#login_email").fill("website@example.com");
    await page.locator("#login_password").fill("website");
    await page.locator("#login_button").click();
    await page.getByRole("button", { name: "Allow" }).click();
    await page.waitForURL((u) => u.origin === baseURL && u.pathname === "/signin");
    expect(await page.getByTestId("signin-error").innerText()).toMatch(/none of the roles that give access/);
    expect((await page.request.get("/api/v1/me")).status()).toBe(401);
  });
});

describe("the WhatsApp view inside Frappe CRM", () => {
  it("a new number gets its CRM Lead linked; the lead page embeds the conversation and the agent replies from the iframe", async () => {
    // The customer: Priya, whose lead the fake CRM has with mobile_no "+91 98123 45678".
    const leads = (await json<{ data: Record<string, unknown>[] }>(await fetch(`${frappeURL}/control/docs/CRM%20Lead`))).data;
    const lead = String(leads.find((l) => l.first_name === "Priya")!.name);
    const user = await json<{ key: string }>(
      await fetch(`${sandboxURL}/control/users`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ phone: "+919812345678", name: "Priya S" }) }),
    );
    const hello = `Hi, I need a quote ${randomInt(1000, 9999)}`;
    const admin = await open();
    await signIn(admin, accounts.admin);
    const t0 = Date.now();
    await json(await fetch(`${sandboxURL}/control/users/${user.key}/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ type: "text", text: hello }) }));

    // Wait until the app has linked the contact to the lead (webhook → contact → crm.match_lead job).
    let contactId = "";
    await expect
      .poll(
        async () => {
          const found = await (await admin.request.get("/api/v1/contacts?q=9812345678")).json();
          contactId = found.data?.[0]?.id ?? "";
          if (!contactId) return null;
          return (await (await admin.request.get(`/api/v1/contacts/${contactId}/crm`)).json()).name ?? null;
        },
        { timeout: 30_000, interval: 100 },
      )
      .toBe(lead);
    console.info(`[measure] WhatsApp message from a new number → CRM Lead linked: ${Date.now() - t0} ms`);

    // The fake CRM's lead page (127.0.0.1) frames the app at localhost: a cross-site iframe.
    const crmPage = await open(frappeURL);
    await crmPage.goto(`${frappeURL}/app/crm-lead/${encodeURIComponent(lead)}`);
    const frame = crmPage.frameLocator("#whatsapp-embed");
    const popupPromise = crmPage.context().waitForEvent("page");
    await frame.getByRole("button", { name: "Sign in" }).click();
    const popup = await popupPromise;
    await popup.getByLabel("Email").fill(accounts.agent.email);
    await popup.getByLabel("Password").fill(accounts.agent.password);
    // The popup hands the code back and closes itself, possibly before click() returns.
    const closed = popup.waitForEvent("close", { timeout: 45_000 });
    await popup.getByRole("button", { name: "Sign in", exact: true }).click();
    // Either the popup closes (success) or the sign-in form shows why it did not.
    const refused = popup
      .getByTestId("signin-error")
      .waitFor({ timeout: 45_000 })
      .then(async () => {
        throw new Error(`sign-in popup did not finish: ${await popup.getByTestId("signin-error").innerText()}`);
      }, () => new Promise<never>(() => {}));
    await Promise.race([closed, refused]);

    // The iframe reloaded with its own (partitioned) session and shows the thread.
    await frame.getByTestId("embed-message").filter({ hasText: hello }).waitFor();
    // Click-to-call and the softphone come with the embedded view.
    await frame.getByTestId("click-to-call").getByRole("button", { name: "Call" }).waitFor();
    const reply = `Sure Priya, sending it now ${randomInt(1000, 9999)}`;
    await frame.getByLabel("Message", { exact: true }).fill(reply);
    await frame.getByRole("button", { name: "Send" }).click();
    const bubble = frame.getByTestId("embed-message").filter({ hasText: reply });
    await bubble.waitFor();
    // It really went out through the fake Meta to the customer's phone.
    await expect
      .poll(async () => JSON.stringify(await (await fetch(`${sandboxURL}/control/users/${user.key}/inbox`)).json()), { timeout: 20_000, interval: 100 })
      .toContain(reply);
    await snap(crmPage, "crm-frappe-embed");
  });

  it("a foreign origin cannot frame /embed; the CSP names only the Frappe origin; other routes are never framed", async () => {
    const embedURL = `${baseURL}/embed/lead/CRM-LEAD-2026-00001`;
    const csp = (await fetch(embedURL)).headers.get("content-security-policy") ?? "";
    expect(csp).toContain(`frame-ancestors ${frappeURL}`);
    expect(csp).not.toMatch(/frame-ancestors[^;]*(\*|'self')/);
    const inbox = await fetch(`${baseURL}/signin`);
    expect(inbox.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(inbox.headers.get("x-frame-options")).toBe("DENY");

    const foreign = http.createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(`<!doctype html><h1>Not Frappe</h1><iframe id="f" src="${embedURL}"></iframe>`);
    });
    await new Promise<void>((r) => foreign.listen(0, "127.0.0.1", r));
    try {
      const page = await open();
      const blocked: string[] = [];
      page.on("console", (m) => {
        if (/frame-ancestors|Refused to frame/i.test(m.text())) blocked.push(m.text());
      });
      await page.goto(`http://127.0.0.1:${(foreign.address() as AddressInfo).port}/`, { waitUntil: "load" });
      const child = page.frames().find((f) => f !== page.mainFrame())!;
      expect(child.url()).not.toBe(embedURL);
      expect(child.url()).toMatch(/^chrome-error:/);
      expect(blocked.length).toBeGreaterThan(0);
    } finally {
      await new Promise<void>((r) => foreign.close(() => r()));
    }
  });
});
