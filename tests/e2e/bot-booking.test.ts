import { randomInt } from "node:crypto";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, newPage } from "./browser";
import { signIn } from "./helpers";

/**
 * Issue 5 end to end in Chromium: the phone simulator (a WhatsApp user through the sandbox) books
 * an appointment with the bot by tapping a row of its interactive list and receives the .ics; then
 * asks for a person, and the agent sees the hand-off note with the bot's summary in the inbox.
 * Nothing of ours is mocked; every wait is on a visible element.
 */
const baseURL = inject("baseURL");
const accounts = inject("accounts");
const suffix = String(randomInt(10_000_000, 99_999_999));
const customer = `Bot Customer ${suffix}`;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function open(viewport?: { width: number; height: number }): Promise<Page> {
  const { context, page } = await newPage(browser, baseURL, viewport);
  contexts.push(context);
  return page;
}
const fromBusiness = (page: Page, text?: string): Locator => {
  const l = page.locator('[data-testid="phone-message"][data-from="business"]');
  return text ? l.filter({ hasText: text }) : l;
};

beforeAll(async () => {
  browser = await launchBrowser();
  // The admin turns the bot on (offline rule engine); the agent publishes working hours (all week, all day).
  const admin = await open();
  await signIn(admin, accounts.admin);
  const settings = await admin.request.put("/api/v1/bot/settings", {
    data: { settings: { enabled: true, engine: "rules", businessName: "Acme Realty" } },
  });
  expect(settings.status()).toBe(200);
  const agent = await open();
  await signIn(agent, accounts.agent);
  const hours = await agent.request.put("/api/v1/appointments/availability", {
    data: {
      availability: {
        timeZone: "Asia/Kolkata",
        weeklyHours: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: "00:00", end: "24:00" })),
        slotMinutes: 30,
        minNoticeMinutes: 60,
        horizonDays: 7,
      },
    },
  });
  expect(hours.status()).toBe(200);
});

afterAll(async () => {
  // Later e2e files share this workspace: turn the bot off again so it does not answer their messages.
  const admin = await open();
  await signIn(admin, accounts.admin);
  const off = await admin.request.put("/api/v1/bot/settings", { data: { settings: { enabled: false } } });
  expect(off.status()).toBe(200);
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
});

describe("the bot on the phone simulator", () => {
  let phone: Page;

  it("books an appointment from the bot's list and receives the calendar invite", async () => {
    phone = await open({ width: 420, height: 860 });
    await phone.goto("/sandbox/phone");
    await phone.getByLabel("Phone number").fill(`+91 97${suffix}`);
    await phone.getByLabel("Display name").fill(customer);
    await phone.getByRole("button", { name: "Start chatting" }).click();
    await phone.getByTestId("phone-chat").waitFor();

    await phone.getByLabel("Message").fill("I want to book an appointment");
    await phone.getByRole("button", { name: "Send" }).click();
    // The bot's slot offer arrives as a WhatsApp list; its button opens the rows.
    const listButton = fromBusiness(phone).getByRole("button", { name: "Choose a slot" });
    await listButton.first().waitFor();
    await listButton.first().click();
    const sheet = phone.getByRole("dialog", { name: "Choose a slot" });
    await sheet.waitFor();
    const firstRow = sheet.getByRole("button").nth(1); // nth(0) is the sheet's Close button
    const title = (await firstRow.locator("span").first().innerText()).trim();
    await firstRow.click();

    await fromBusiness(phone, "Done! Your appointment is booked").waitFor();
    await phone
      .locator('[data-testid="phone-message"][data-from="business"][data-type="document"]')
      .first()
      .waitFor();
    expect(await fromBusiness(phone, "Done! Your appointment is booked").innerText()).toContain(
      title.split(",")[0]!,
    );
  });

  it("asks for a person; the agent sees the hand-off with its summary", async () => {
    await phone.getByLabel("Message").fill("I want to talk to a person");
    await phone.getByRole("button", { name: "Send" }).click();
    await fromBusiness(phone, "connecting you with a colleague").waitFor();

    const agent = await open();
    await signIn(agent, accounts.agent);
    await agent.getByTestId("inbox").waitFor();
    const row = agent.getByTestId("conversation-row").filter({ hasText: customer });
    await row.waitFor();
    await row.click();
    await agent.waitForURL(/\/inbox\/[^/]+$/);
    const note = agent
      .locator('[data-testid="message"][data-type="note"]')
      .filter({ hasText: "Bot hand-off" });
    await note.waitFor();
    const text = await note.innerText();
    expect(text).toContain("Customer asked for a person.");
    expect(text).toContain("Appointment:");
  });
});
