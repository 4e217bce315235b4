import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, inject, it } from "vitest";
import { launchBrowser, newPage } from "./browser";
import { navLabels, signIn, signInError, snap, submitSignIn } from "./helpers";

/** Issue 2 — the admin screens for users and API keys, against the real v1 API. */
const baseURL = inject("baseURL");
const accounts = inject("accounts");

let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

async function fresh(): Promise<Page> {
  const { context, page } = await newPage(browser, baseURL);
  contexts.push(context);
  return page;
}

it("admin creates a user who can then sign in; changing the role and disabling take effect", async () => {
  const admin = await fresh();
  await signIn(admin, accounts.admin);
  await admin.goto("/settings/users");
  await admin.getByRole("table", { name: "Users" }).waitFor();

  const email = `new-agent-${Date.now()}@e2e.test`;
  await admin.getByRole("button", { name: "Add user" }).click();
  const dialog = admin.getByRole("dialog", { name: "Add user" });
  await dialog.getByLabel("Name").fill("Nina New");
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Role").selectOption("agent");
  await dialog.getByLabel("Initial password").fill("first-pass-123");
  await dialog.getByRole("button", { name: "Create user" }).click();
  const row = admin.getByTestId(`user-row-${email}`);
  await row.waitFor();
  expect(await dialog.isVisible()).toBe(false);
  await snap(admin, "users");

  // The new account works, with the agent's navigation.
  const newcomer = await fresh();
  await signIn(newcomer, { email, password: "first-pass-123", role: "agent" });
  expect(await navLabels(newcomer)).toEqual(["Inbox", "Calls", "Appointments"]);

  // Promote to supervisor: the server re-reads the role on every request, so the next page shows it.
  await row.getByLabel("Role of Nina New").selectOption("supervisor");
  await admin.getByText("Nina New is now supervisor.").waitFor();
  await newcomer.reload();
  await newcomer.getByRole("link", { name: "Supervisor" }).waitFor();
  expect(await navLabels(newcomer)).toEqual(["Inbox", "Calls", "Supervisor", "Appointments", "Analytics"]);

  // Disable, with confirmation: the open session stops working and sign-in is refused.
  await row.getByRole("button", { name: "Disable" }).click();
  await admin
    .getByRole("dialog", { name: "Disable Nina New?" })
    .getByRole("button", { name: "Disable user" })
    .click();
  await row.getByText("Disabled").waitFor();
  expect((await newcomer.request.get("/api/v1/me")).status()).toBe(401);

  const again = await fresh();
  await again.goto("/signin");
  await submitSignIn(again, { email, password: "first-pass-123" });
  expect(await signInError(again)).toBe("Wrong email or password.");

  // The API's own error text reaches the form (duplicate email).
  await admin.getByRole("button", { name: "Add user" }).click();
  await dialog.getByLabel("Name").fill("Nina Twin");
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Initial password").fill("first-pass-123");
  await dialog.getByRole("button", { name: "Create user" }).click();
  await dialog.getByRole("alert").waitFor();
  expect((await dialog.getByRole("alert").innerText()).length).toBeGreaterThan(0);
});

it("admin creates an API key shown once, uses it, then revokes it", async () => {
  const admin = await fresh();
  await signIn(admin, accounts.admin);
  await admin.goto("/settings/api-keys");
  await admin.getByRole("table", { name: "API keys" }).waitFor();

  const name = `E2E key ${Date.now()}`;
  await admin.getByRole("button", { name: "Create API key" }).click();
  const dialog = admin.getByRole("dialog", { name: "Create API key" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create key" }).click();

  const shown = admin.getByRole("dialog", { name: "Copy your new API key" });
  await shown.getByText("This is the only time the full key is shown").waitFor();
  const key = await shown.getByTestId("new-api-key").inputValue();
  expect(key).toMatch(/^wcc_[A-Za-z0-9_-]{20,}$/);
  await snap(admin, "api-key-created");

  const withKey = () => fetch(`${baseURL}/api/v1/me`, { headers: { authorization: `Bearer ${key}` } });
  expect((await withKey()).status).toBe(200);

  await shown.getByRole("button", { name: "Done" }).click();
  const row = admin.getByTestId(`api-key-row-${name}`);
  await row.waitFor();
  expect(await admin.content()).not.toContain(key);
  expect(await row.getByText("read", { exact: true }).count()).toBe(1);

  await row.getByRole("button", { name: "Revoke" }).click();
  await admin
    .getByRole("dialog", { name: `Revoke "${name}"?` })
    .getByRole("button", { name: "Revoke key" })
    .click();
  await row.getByText("Revoked").waitFor();
  await snap(admin, "api-keys");
  expect((await withKey()).status).toBe(401);
});
