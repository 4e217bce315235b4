import { randomInt } from "node:crypto";
import { crc32, deflateSync } from "node:zlib";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { metaJsonBytes } from "@/lib/sandbox/meta-json";
import { defaultSandboxOptions } from "@/lib/sandbox/store";
import { envelope, inboundMessageValue, unixSeconds } from "@/lib/sandbox/webhook-payloads";
import { SANDBOX_DEFAULTS } from "@/lib/whatsapp/config";
import { SIGNATURE_HEADER, signHubSignature } from "@/lib/whatsapp/signature";
import { launchBrowser, newPage } from "./browser";
import { signIn, snap, submitSignIn } from "./helpers";

/**
 * Issue 3 end to end, two Chromium pages: the phone simulator (a WhatsApp user, through the
 * sandbox = fake Meta) and the agent's inbox (the built app). Nothing of ours is mocked: the phone
 * page drives the sandbox control API, the sandbox sends signed webhooks to the app, the app calls
 * the sandbox's Graph API, and the inbox updates over SSE. Every wait is on a visible element.
 */
const baseURL = inject("baseURL");
const sandboxURL = inject("sandboxURL");
const accounts = inject("accounts");

const suffix = String(randomInt(10_000_000, 99_999_999));
let browser: Browser;
const contexts: BrowserContext[] = [];

async function open(viewport?: { width: number; height: number }): Promise<Page> {
  const { context, page } = await newPage(browser, baseURL, viewport);
  contexts.push(context);
  return page;
}

async function control<T = unknown>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sandboxURL}/control${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: body === undefined ? undefined : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`control ${path} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** A real (small, striped) PNG, so the agent's <img> must actually decode what the app stored. */
function png(width = 48, height = 32): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(0);
    for (let x = 0; x < width; x++) rows.push(...(x % 16 < 8 ? [16, 185, 129] : [255, 255, 255]));
  }
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(Buffer.from(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const bubble = (page: Page, text: string): Locator => page.getByTestId("message").filter({ hasText: text });
const row = (page: Page, name: string): Locator =>
  page.getByTestId("conversation-row").filter({ hasText: name });

beforeAll(async () => {
  browser = await launchBrowser();
  // Templates come from the WABA (the sandbox) and syncing them is an admin action.
  const admin = await open();
  await signIn(admin, accounts.admin);
  const sync = await admin.request.post("/api/v1/templates/sync");
  expect(sync.status(), await sync.text()).toBe(200);
  const canned = await admin.request.post("/api/v1/canned-responses", {
    data: { shortcut: `visit${suffix}`, body: "Our site office is open 10:00–18:00, Monday to Saturday." },
  });
  expect([201, 409]).toContain(canned.status());
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
});

describe("issue 3: phone simulator ⇄ agent inbox", () => {
  const customer = `Asha E2E ${suffix}`;
  let agent: Page;
  let phone: Page;

  it("the phone sends text and an image, and the agent sees both live", async () => {
    agent = await open();
    await signIn(agent, accounts.agent);
    await agent.getByTestId("inbox").waitFor();

    phone = await open({ width: 420, height: 860 });
    await phone.goto("/sandbox/phone");
    await snap(phone, "phone-picker");
    await phone.getByLabel("Phone number").fill(`+91 98${suffix}`);
    await phone.getByLabel("Display name").fill(customer);
    await phone.getByRole("button", { name: "Start chatting" }).click();
    await phone.getByTestId("phone-chat").waitFor();

    await phone.getByLabel("Message").fill("Hi! Is the 2BHK in Bandra still available?");
    await phone.getByRole("button", { name: "Send" }).click();

    // Live: the conversation appears in the already-open inbox without a reload.
    await row(agent, customer).waitFor();
    await row(agent, customer).click();
    await agent.waitForURL(/\/inbox\/[^/]+$/);
    await bubble(agent, "Is the 2BHK in Bandra still available?").waitFor();
    expect(await bubble(agent, "Is the 2BHK").getAttribute("data-direction")).toBe("inbound");

    await phone
      .getByTestId("phone-attach-input")
      .setInputFiles({ name: "flat.png", mimeType: "image/png", buffer: png() });
    const image = agent.locator('[data-testid="message"][data-type="image"] img');
    await image.waitFor();
    // The app downloaded the file from the (expiring) Meta URL and serves it itself.
    await agent.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="message"][data-type="image"] img');
      return !!img && img.complete && img.naturalWidth === 48;
    });
    await snap(agent, "inbox-thread-inbound");
    await snap(phone, "phone-chat");
  });

  it("the agent replies; the phone shows it and the agent's ticks advance to read", async () => {
    await agent
      .getByLabel("Message", { exact: true })
      .fill("Yes, it is! Would you like to visit on Saturday?");
    await agent.getByLabel("Message", { exact: true }).press("Enter");
    // Optimistic: the bubble is there at once.
    await bubble(agent, "Would you like to visit on Saturday?").waitFor();

    await phone
      .locator('[data-testid="phone-message"][data-from="business"]')
      .filter({ hasText: "Would you like to visit on Saturday?" })
      .waitFor();
    // The phone has the chat on screen, so it marks it read → read status webhook → SSE → blue ticks.
    await agent
      .locator('[data-testid="message"][data-status="read"]')
      .filter({ hasText: "visit on Saturday" })
      .getByRole("img", { name: "Read" })
      .waitFor();
    // And the phone's own messages turn blue once the agent has read them.
    await phone.locator('[data-testid="phone-message"][data-from="me"][data-read="true"]').first().waitFor();
  });

  it("canned responses insert with the keyboard, and internal notes never reach the customer", async () => {
    const box = agent.getByLabel("Message", { exact: true });
    await box.fill(`Sure. /visit${suffix.slice(0, 3)}`);
    const options = agent.getByRole("listbox", { name: "Canned responses" });
    await options.getByRole("option", { name: new RegExp(`visit${suffix}`) }).waitFor();
    await snap(agent, "inbox-canned");
    await box.press("Enter"); // picks the highlighted shortcut, does not send
    expect(await box.inputValue()).toBe("Sure. Our site office is open 10:00–18:00, Monday to Saturday.");
    await box.fill("");

    await agent.getByRole("button", { name: "Note" }).click();
    await agent.getByLabel("Internal note").fill("Prefers Saturday mornings; budget 1.2 Cr");
    await agent.getByLabel("Internal note").press("Enter");
    const note = agent
      .locator('[data-testid="message"][data-type="note"]')
      .filter({ hasText: "Prefers Saturday mornings" });
    await note.getByText("Only your team sees this").waitFor();
    // Saved on the server (the optimistic copy is replaced by a real id).
    await agent.waitForFunction(() => {
      const el = [...document.querySelectorAll('[data-testid="message"][data-type="note"]')].find((e) =>
        e.textContent?.includes("Prefers Saturday"),
      );
      return !!el && !el.getAttribute("data-message-id")?.startsWith("tmp-");
    });
    await agent.getByRole("button", { name: "Reply", exact: true }).click();
    const inbox = await control<{ received: { content: unknown }[] }>(
      `/users/${encodeURIComponent(`9198${suffix}`)}/inbox`,
    );
    expect(JSON.stringify(inbox.received)).not.toContain("Prefers Saturday");
  });

  it("a failed send shows Meta's reason and can be retried", async () => {
    await control("/failures", { mode: "131026" });
    await agent.getByLabel("Message", { exact: true }).fill("Here is the brochure link");
    await agent.getByLabel("Message", { exact: true }).press("Enter");

    const failed = agent
      .locator('[data-testid="message"][data-status="failed"]')
      .filter({ hasText: "Here is the brochure link" });
    await failed.waitFor();
    const reason = await failed.getByTestId("message-error").innerText();
    expect(reason).toContain("Message undeliverable");
    expect(reason).toContain("131026");
    await snap(agent, "inbox-failed");

    await failed.getByRole("button", { name: "Retry" }).click();
    await agent
      .locator('[data-testid="message"][data-status="read"]')
      .filter({ hasText: "Here is the brochure link" })
      .waitFor();
    await phone
      .locator('[data-testid="phone-message"][data-from="business"]')
      .filter({ hasText: "Here is the brochure link" })
      .waitFor();
  });

  it("outside the 24-hour window free text is blocked and a template goes out", async () => {
    // A customer whose last message is from yesterday: Meta delivers late webhooks (it retries for
    // days), so the app must judge the window by the message's own timestamp.
    const late = `Ravi E2E ${suffix}`;
    const user = await control<{ key: string; waId: string; userId: string; name: string }>("/users", {
      phone: `+91 97${suffix}`,
      name: late,
    });
    const sent = Date.now() - 25 * 3600_000;
    const body = envelope(
      defaultSandboxOptions(),
      "messages",
      inboundMessageValue(
        {
          key: user.key,
          waId: user.waId,
          userId: user.userId,
          name: user.name,
          hidePhone: false,
          lastUserMessageAt: null,
          typingUntil: null,
          createdAt: sent,
        },
        {
          id: `wamid.e2e-late-${suffix}`,
          timestamp: unixSeconds(sent),
          type: "text",
          text: { body: "Is the order on its way?" },
        },
      ),
    );
    const raw = metaJsonBytes(body);
    const hook = await fetch(`${baseURL}/api/webhooks/whatsapp`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        [SIGNATURE_HEADER]: signHubSignature(raw, SANDBOX_DEFAULTS.appSecret),
      },
      body: new Uint8Array(raw),
    });
    expect(hook.status).toBe(200);

    await row(agent, late).waitFor();
    await row(agent, late).click();
    await bubble(agent, "Is the order on its way?").waitFor();
    const closed = agent.getByTestId("window-closed");
    await closed.waitFor();
    expect(await agent.getByLabel("Message", { exact: true }).count()).toBe(0);

    // The server refuses free text too, with a message the UI can show.
    const id = new URL(agent.url()).pathname.split("/").pop()!;
    const refused = await agent.request.post(`/api/v1/conversations/${id}/messages`, {
      data: { type: "text", text: "hello?" },
    });
    expect(refused.status()).toBe(409);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
      /24|window|template/i,
    );

    await closed.getByLabel("Template").selectOption({ label: "order_update (en_US) · utility" });
    await closed.getByLabel("Body {{1}}").fill("Ravi");
    await closed.getByLabel("Body {{2}}").fill(`ON-${suffix}`);
    await closed.getByLabel("Body {{3}}").fill("Friday");
    expect(await closed.getByTestId("template-preview").innerText()).toBe(
      `Hi Ravi, your order ON-${suffix} has been dispatched and will reach you by Friday.`,
    );
    await snap(agent, "inbox-window-closed");
    await closed.getByRole("button", { name: "Send template" }).click();

    const tpl = agent.locator('[data-testid="message"][data-type="template"]');
    await tpl.waitFor();
    await agent
      .locator(
        '[data-testid="message"][data-type="template"]:is([data-status="sent"],[data-status="delivered"],[data-status="read"])',
      )
      .waitFor();

    const phone2 = await open({ width: 420, height: 860 });
    await phone2.goto(`/sandbox/phone?user=${encodeURIComponent(user.key)}`);
    await phone2
      .locator('[data-testid="phone-message"][data-from="business"][data-type="template"]')
      .filter({ hasText: `your order ON-${suffix} has been dispatched` })
      .waitFor();
    await snap(agent, "inbox-template-sent");
    await snap(phone2, "phone-template");

    // The customer taps the template's quick-reply button: that reopens the window, live.
    await phone2.getByRole("button", { name: "Track order" }).click();
    await agent
      .locator('[data-testid="message"][data-type="button"]')
      .filter({ hasText: "Track order" })
      .waitFor();
    await agent.getByTestId("window-countdown").waitFor();
    expect(await agent.getByTestId("window-closed").count()).toBe(0);
    await agent.getByLabel("Message", { exact: true }).waitFor();
  });
});

describe("inbox on a phone-sized screen", () => {
  it("shows one pane at a time", async () => {
    const p = await open({ width: 390, height: 844 });
    // On a phone the main navigation sits behind the menu button, so wait for the inbox instead.
    await submitSignIn(p, accounts.supervisor);
    await p.waitForURL((u) => u.pathname === "/inbox");
    const list = p.getByRole("region", { name: "Conversations" });
    await list.waitFor();
    await p.getByTestId("conversation-row").first().click();
    await p.getByTestId("thread").getByTestId("message").first().waitFor();
    expect(await list.isVisible()).toBe(false);
    await snap(p, "inbox-phone-thread");
    await p.getByRole("button", { name: "Back to conversations" }).click();
    await list.waitFor();
    expect(await p.getByTestId("thread").count()).toBe(0);
    await snap(p, "inbox-phone-list");
  });
});
