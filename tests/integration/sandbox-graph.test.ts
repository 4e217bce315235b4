import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SANDBOX_DEFAULTS } from "@/lib/whatsapp/config";
import { CloudApiProvider } from "@/lib/whatsapp/cloud-api-provider";
import { GraphApiError, GraphClient } from "@/lib/whatsapp/graph-client";
import { mapMetaError } from "@/lib/whatsapp/errors";
import { parseWebhook } from "@/lib/whatsapp/parse-webhook";
import { TokenBucket } from "@/lib/whatsapp/token-bucket";
import { verifyHubSignature } from "@/lib/whatsapp/signature";
import type { TWebhookEvent } from "@/lib/whatsapp/webhook.schema";
import { type RunningSandbox, startSandbox } from "@/lib/sandbox/server";
import { type ReceivedDelivery, type WebhookReceiver, startWebhookReceiver } from "@/lib/sandbox/testing/webhook-receiver";

/**
 * The sandbox over real HTTP: CloudApiProvider → fake Graph API, and the sandbox's webhook sender →
 * an HTTP receiver that checks X-Hub-Signature-256 on the raw bytes.
 */
const SECRET = "integration-app-secret";
const VERSION = "v25.0";
let sandbox: RunningSandbox;
let receiver: WebhookReceiver;
let provider: CloudApiProvider;

function makeProvider(token: string = SANDBOX_DEFAULTS.accessToken): CloudApiProvider {
  const client = new GraphClient({ baseUrl: `${sandbox.url}/graph`, version: VERSION, accessToken: token, timeoutMs: 10_000 });
  return new CloudApiProvider({ client, phoneNumberId: SANDBOX_DEFAULTS.phoneNumberId, wabaId: SANDBOX_DEFAULTS.wabaId, bucket: new TokenBucket() });
}

async function control<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(`${sandbox.url}/control${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as T };
}

const events = (d: ReceivedDelivery): TWebhookEvent[] => parseWebhook(d.json);
const statusOf = (metaId: string, status?: string) => (d: ReceivedDelivery) =>
  events(d).some((e) => e.kind === "status" && e.metaId === metaId && (status === undefined || e.status === status));
const messageFrom = (waIdOrUserId: string) => (d: ReceivedDelivery) =>
  events(d).some((e) => e.kind === "message" && (e.contact.waId === waIdOrUserId || e.contact.userId === waIdOrUserId));

async function expectGraphError(p: Promise<unknown>): Promise<GraphApiError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(GraphApiError);
    return err as GraphApiError;
  }
  throw new Error("expected a GraphApiError");
}

/** A user who has written to the business (window open). */
async function chattingUser(phone = "+91 98123 45678", name = "Asha"): Promise<string> {
  const created = await control<{ key: string }>("POST", "/users", { phone, name });
  await control("POST", `/users/${created.json.key}/messages`, { type: "text", text: "Hello" });
  return created.json.key;
}

beforeAll(async () => {
  receiver = await startWebhookReceiver(SECRET);
  sandbox = await startSandbox({ port: 0, appSecret: SECRET, webhookUrl: receiver.url });
});

afterAll(async () => {
  await sandbox?.close();
  await receiver?.close();
});

beforeEach(async () => {
  await sandbox.sender.idle();
  await control("POST", "/reset");
  await control("POST", "/webhook", { retryBaseMs: 5 });
  receiver.clear();
  provider = makeProvider();
});

describe("fake Graph API through CloudApiProvider", () => {
  it("GET /health answers ok", async () => {
    const res = await fetch(`${sandbox.url}/health`);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("sends text inside the window → wamid, then signed sent and delivered statuses", async () => {
    const key = await chattingUser();
    const result = await provider.sendText({ to: "+91 98123 45678", body: "Namaste! Here is the brochure: https://example.com/b" });
    expect(result.metaId).toMatch(/^wamid\./);
    expect(result.waId).toBe(key);

    const [sent, delivered] = await Promise.all([receiver.waitFor(statusOf(result.metaId, "sent")), receiver.waitFor(statusOf(result.metaId, "delivered"))]);
    expect(sent.signatureValid && delivered.signatureValid).toBe(true);
    const sentEvent = events(sent).find((e) => e.kind === "status")!;
    expect(sentEvent).toMatchObject({ status: "sent", recipientId: key, pricing: { pricingModel: "PMP", category: "service" } });

    const inbox = await control<{ received: { wamid: string; status: string; content: { body: string } }[] }>("GET", `/users/${key}/inbox`);
    expect(inbox.json.received).toEqual([expect.objectContaining({ wamid: result.metaId, status: "delivered", content: expect.objectContaining({ body: expect.stringContaining("Namaste") }) })]);
  });

  it("outside the window: accepted, then a failed status with 131047 that maps to window_closed with Meta's text", async () => {
    await control("POST", "/users", { phone: "+447700900123", name: "Ali" }); // never wrote to us
    const result = await provider.sendText({ to: "+447700900123", body: "Following up" });
    const failed = await receiver.waitFor(statusOf(result.metaId, "failed"));
    const ev = events(failed).find((e) => e.kind === "status")!;
    if (ev.kind !== "status") throw new Error("unreachable");
    const mapped = mapMetaError({ code: ev.error!.code, title: ev.error!.title, message: ev.error!.message, error_data: { details: ev.error!.details } });
    expect(mapped).toMatchObject({ code: 131047, cause: "window_closed", retryable: false });
    expect(mapped.userText).toBe(
      "Re-engagement message: Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
    );
  });

  it("outside the window (sync enforcement): GraphApiError mapped to window_closed with Meta's text", async () => {
    const key = await chattingUser();
    await control("POST", "/clock", { advanceMs: 24 * 3600_000 + 1000 });
    await control("POST", "/webhook", { windowEnforcement: "sync" });
    const err = await expectGraphError(provider.sendText({ to: key, body: "Too late" }));
    expect(err.mapped).toMatchObject({ code: 131047, cause: "window_closed", retryable: false });
    expect(err.userMessage).toContain("Re-engagement message");
    expect(err.mapped.meta.details).toBe("Message failed to send because more than 24 hours have passed since the customer last replied to this number.");
    expect(err.httpStatus).toBe(400);
  });

  it("templates go out outside the window; wrong parameter count and wrong locale are Meta's template errors", async () => {
    await control("POST", "/users", { phone: "+16505551234", name: "Sheena" });
    const ok = await provider.sendTemplate({
      to: "+16505551234",
      name: "order_update",
      language: "en_US",
      components: [{ type: "body", parameters: [{ type: "text", text: "Sheena" }, { type: "text", text: "ON-12853" }, { type: "text", text: "Friday" }] }],
    });
    expect(ok.messageStatus).toBe("accepted");
    await receiver.waitFor(statusOf(ok.metaId, "delivered"));

    const named = await provider.sendTemplate({
      to: "+16505551234",
      name: "appointment_reminder",
      language: "en",
      components: [{ type: "body", parameters: [{ type: "text", parameter_name: "visit_time", text: "Tue 10:00" }, { type: "text", parameter_name: "customer_name", text: "Sheena" }] }],
    });
    expect(named.metaId).toMatch(/^wamid\./);

    const count = await expectGraphError(
      provider.sendTemplate({ to: "+16505551234", name: "order_update", language: "en_US", components: [{ type: "body", parameters: [{ type: "text", text: "x" }] }] }),
    );
    expect(count.mapped).toMatchObject({ code: 132000, cause: "template", retryable: false });
    expect(count.mapped.meta.details).toBe("body: number of localizable_params (1) does not match the expected number of params (3)");

    const locale = await expectGraphError(provider.sendTemplate({ to: "+16505551234", name: "order_update", language: "en" }));
    expect(locale.mapped).toMatchObject({ code: 132001, cause: "template" });
    expect(locale.httpStatus).toBe(404);

    const header = await expectGraphError(
      provider.sendTemplate({ to: "+16505551234", name: "catalogue_share", language: "en_US", components: [{ type: "body", parameters: [{ type: "text", text: "x" }] }] }),
    );
    expect(header.mapped.code).toBe(132000);
  });

  it("uploads media, retrieves its URL, downloads it with the token; the URL expires and a fresh one works", async () => {
    const png = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");
    const { mediaId } = await provider.uploadMedia({ bytes: png, mimeType: "image/png", filename: "dot.png" });
    expect(mediaId).toMatch(/^\d{16}$/);

    const info = await provider.getMediaUrl(mediaId);
    expect(info).toMatchObject({ id: mediaId, mimeType: "image/png", fileSize: png.length });
    expect(info.url).toContain("/whatsapp_business/attachments/?mid=");
    const downloaded = await provider.downloadMedia(info.url);
    expect(downloaded.bytes.equals(png)).toBe(true);
    expect(downloaded.mimeType).toBe("image/png");

    // Without the bearer token Meta's media host refuses.
    expect((await fetch(info.url)).status).toBe(401);

    await control("POST", "/clock", { advanceMs: 5 * 60_000 + 1000 });
    const expired = await expectGraphError(provider.downloadMedia(info.url));
    expect(expired.httpStatus).toBe(404);
    const refreshed = await provider.fetchMedia(mediaId);
    expect(refreshed.bytes.equals(png)).toBe(true);

    const key = await chattingUser();
    const sent = await provider.sendMedia({ to: key, kind: "image", mediaId, caption: "Our best seller" });
    expect(sent.metaId).toMatch(/^wamid\./);
    const unknown = await expectGraphError(provider.sendMedia({ to: key, kind: "image", mediaId: "999" }));
    expect(unknown.mapped).toMatchObject({ code: 100, cause: "invalid_request" });

    const bad = await expectGraphError(provider.uploadMedia({ bytes: Buffer.from("MZ"), mimeType: "application/x-msdownload" }));
    expect(bad.mapped).toMatchObject({ code: 131053, cause: "media" });
  });

  it("downloads media the simulated user sent (inbound image)", async () => {
    const key = await chattingUser();
    const jpeg = Buffer.from("ffd8ffe000104a46494600010100000100010000ffd9", "hex");
    const r = await control<{ wamid: string }>("POST", `/users/${key}/messages`, { type: "image", dataBase64: jpeg.toString("base64"), mimeType: "image/jpeg", caption: "this one?" });
    const d = await receiver.waitFor((x) => events(x).some((e) => e.kind === "message" && e.message.metaId === r.json.wamid));
    const ev = events(d).find((e) => e.kind === "message")!;
    if (ev.kind !== "message" || ev.message.content.kind !== "media") throw new Error("expected a media message");
    expect(ev.message.body).toBe("this one?");
    const media = await provider.fetchMedia(ev.message.content.mediaId);
    expect(media.bytes.equals(jpeg)).toBe(true);
  });

  it("maps 429, 500 and an expired token; all are GraphApiErrors with retry hints", async () => {
    const key = await chattingUser();
    await control("POST", "/failures", { mode: "429" });
    await control("POST", "/failures", { mode: "500" });
    await control("POST", "/failures", { mode: "131056" });
    await control("POST", "/failures", { mode: "190" });

    const rate = await expectGraphError(provider.sendText({ to: key, body: "1" }));
    expect(rate.httpStatus).toBe(429);
    expect(rate.mapped).toMatchObject({ code: 130429, cause: "rate_limited", retryable: true });
    expect(rate.retryAfterMs).toBeGreaterThan(0);
    expect(rate.code).toBe("RATE_LIMITED");

    const server = await expectGraphError(provider.sendText({ to: key, body: "2" }));
    expect(server.mapped).toMatchObject({ code: 131000, cause: "temporary", retryable: true });
    expect(server.httpStatus).toBe(500);

    const pair = await expectGraphError(provider.sendText({ to: key, body: "3" }));
    expect(pair.mapped).toMatchObject({ code: 131056, cause: "rate_limited", retryable: true, retryAfterMs: 6000 });

    const token = await expectGraphError(provider.sendText({ to: key, body: "4" }));
    expect(token.mapped).toMatchObject({ code: 190, cause: "auth", retryable: false, adminAlert: true });

    // Failure modes are used up: the next send goes through.
    expect((await provider.sendText({ to: key, body: "5" })).metaId).toMatch(/^wamid\./);
  });

  it("rejects a bad token with Meta's 190 OAuthException", async () => {
    const err = await expectGraphError(makeProvider("not-the-token").getPhoneNumber());
    expect(err.httpStatus).toBe(401);
    expect(err.mapped).toMatchObject({ code: 190, cause: "auth", adminAlert: true });
    expect(err.mapped.meta.type).toBe("OAuthException");
  });

  it("unknown recipient: accepted, then failed with 131026 (undeliverable)", async () => {
    const r = await provider.sendText({ to: "+15550009999", body: "Hi?" });
    const d = await receiver.waitFor(statusOf(r.metaId, "failed"));
    const ev = events(d)[0]!;
    if (ev.kind !== "status") throw new Error("expected status");
    expect(mapMetaError(ev.error!)).toMatchObject({ cause: "undeliverable", retryable: false });
  });

  it("validates request bodies like Meta (messaging_product, interactive limits, reaction context)", async () => {
    const key = await chattingUser();
    const raw = await fetch(`${sandbox.url}/graph/${VERSION}/${SANDBOX_DEFAULTS.phoneNumberId}/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${SANDBOX_DEFAULTS.accessToken}`, "content-type": "application/json" },
      body: JSON.stringify({ to: key, type: "text", text: { body: "x" } }),
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toMatchObject({ error: { code: 131008, type: "OAuthException", error_data: { details: "The parameter messaging_product is required." } } });

    const four = await expectGraphError(
      provider.sendInteractiveButtons({ to: key, body: "Pick", buttons: ["a", "b", "c", "d"].map((id) => ({ id, title: id })) }),
    );
    expect(four.mapped).toMatchObject({ code: 100, cause: "invalid_request" });

    const text = await expectGraphError(provider.sendText({ to: key, body: "" }));
    expect(text.mapped.code).toBe(131008);
  });

  it("sends every outbound type with the exact request bodies Meta documents", async () => {
    const key = await chattingUser();
    const first = await provider.sendText({ to: key, body: "Which model?" });
    const results = await Promise.all([
      provider.sendText({ to: key, body: "Re: that", replyToMetaId: first.metaId, bizOpaqueCallbackData: "ticket-42" }),
      provider.sendMedia({ to: key, kind: "document", link: "https://example.com/price-list.pdf", filename: "price-list.pdf", caption: "Prices" }),
      provider.sendMedia({ to: key, kind: "audio", link: "https://example.com/note.ogg", voice: true }),
      provider.sendLocation({ to: key, latitude: 19.076, longitude: 72.8777, name: "Showroom", address: "Linking Rd, Mumbai" }),
      provider.sendContacts({ to: key, contacts: [{ name: { formatted_name: "Ravi (Sales)" }, phones: [{ phone: "+919812300000", type: "WORK" }] }] }),
      provider.sendInteractiveButtons({ to: key, header: "Test drive", body: "Book a slot?", footer: "Reply below", buttons: [{ id: "yes", title: "Yes" }, { id: "no", title: "Not now" }] }),
      provider.sendInteractiveList({
        to: key,
        body: "Choose a slot",
        buttonText: "Slots",
        sections: [{ title: "Tuesday", rows: [{ id: "tue_10", title: "10:00", description: "Showroom" }, { id: "tue_16", title: "16:00" }] }],
      }),
      provider.sendReaction({ to: key, messageId: first.metaId, emoji: "👍" }),
    ]);
    expect(results.every((r) => /^wamid\./.test(r.metaId))).toBe(true);

    const inbox = await control<{ received: { wamid: string; type: string; content: Record<string, unknown>; replyTo: string | null }[] }>("GET", `/users/${key}/inbox`);
    const byId = new Map(inbox.json.received.map((m) => [m.wamid, m]));
    expect(byId.get(results[0]!.metaId)).toMatchObject({ type: "text", replyTo: first.metaId });
    expect(byId.get(results[1]!.metaId)?.content).toEqual({ link: "https://example.com/price-list.pdf", caption: "Prices", filename: "price-list.pdf" });
    expect(byId.get(results[2]!.metaId)?.content).toEqual({ link: "https://example.com/note.ogg", voice: true });
    expect(byId.get(results[3]!.metaId)?.content).toEqual({ latitude: 19.076, longitude: 72.8777, name: "Showroom", address: "Linking Rd, Mumbai" });
    expect(byId.get(results[5]!.metaId)?.content).toEqual({
      type: "button",
      header: { type: "text", text: "Test drive" },
      body: { text: "Book a slot?" },
      footer: { text: "Reply below" },
      action: { buttons: [{ type: "reply", reply: { id: "yes", title: "Yes" } }, { type: "reply", reply: { id: "no", title: "Not now" } }] },
    });
    expect(byId.get(results[7]!.metaId)?.content).toEqual({ message_id: first.metaId, emoji: "👍" });

    const opaque = await receiver.waitFor(statusOf(results[0]!.metaId, "sent"));
    expect(events(opaque)[0]).toMatchObject({ bizOpaqueCallbackData: "ticket-42" });
  });

  it("mark as read with typing indicator shows on the phone", async () => {
    const key = await chattingUser();
    const inbox0 = await control<{ sent: { wamid: string }[] }>("GET", `/users/${key}/inbox`);
    await provider.markRead({ messageId: inbox0.json.sent[0]!.wamid, typing: true });
    const inbox = await control<{ sent: { readByBusinessAt: string | null }[]; typing: boolean }>("GET", `/users/${key}/inbox`);
    expect(inbox.json.typing).toBe(true);
    expect(inbox.json.sent[0]!.readByBusinessAt).not.toBeNull();
    const err = await expectGraphError(provider.markRead({ messageId: "wamid.unknown" }));
    expect(err.mapped.code).toBe(100);
  });

  it("lists and syncs templates across pages, and reads the phone number", async () => {
    const page = await provider.listTemplates({ limit: 2 });
    expect(page.data).toHaveLength(2);
    expect(page.nextCursor).toBeDefined();
    const all = await provider.syncTemplates();
    expect(all.map((t) => t.name)).toEqual(expect.arrayContaining(["hello_world", "order_update", "appointment_reminder", "follow_up", "old_offer"]));
    expect(all.find((t) => t.name === "follow_up")).toMatchObject({ language: "hi", category: "MARKETING", status: "APPROVED" });
    const approved = await provider.listTemplates({ status: "APPROVED" });
    expect(approved.data.some((t) => t.name === "old_offer")).toBe(false);

    expect(await provider.getPhoneNumber()).toMatchObject({ id: SANDBOX_DEFAULTS.phoneNumberId, qualityRating: "GREEN", throughputLevel: "STANDARD" });
  });

  it("2026 username users: webhook without wa_id, send by BSUID", async () => {
    const u = await control<{ key: string; userId: string; waId: string | null }>("POST", "/users", { username: "@ravi.k", name: "Ravi K" });
    expect(u.json.waId).toBeNull();
    await control("POST", `/users/${encodeURIComponent("@ravi.k")}/messages`, { type: "text", text: "Hi from my username" });
    const d = await receiver.waitFor(messageFrom(u.json.userId));
    const ev = events(d)[0]!;
    expect(ev).toMatchObject({ kind: "message", contact: { userId: u.json.userId, username: "@ravi.k", name: "Ravi K" } });
    expect((ev as { contact: { waId?: string } }).contact.waId).toBeUndefined();

    const r = await provider.sendText({ to: u.json.userId, body: "Hello Ravi" });
    const sent = await receiver.waitFor(statusOf(r.metaId, "sent"));
    expect(events(sent)[0]).toMatchObject({ recipientUserId: u.json.userId });
  });
});

describe("webhook sender", () => {
  it("delivers Hindi/emoji messages escaped like Meta, with a signature over the raw bytes", async () => {
    const created = await control<{ key: string }>("POST", "/users", { phone: "+919812345678", name: "राहुल" });
    const text = "नमस्ते 🙏 क्या यह 500/- में मिलेगा? https://example.com/p";
    await control("POST", `/users/${created.json.key}/messages`, { type: "text", text });
    const d = await receiver.waitFor(messageFrom(created.json.key));

    expect(d.signatureValid).toBe(true);
    const wire = d.raw.toString("utf8");
    expect(wire).toContain("\\u0928\\u092e\\u0938\\u094d\\u0924\\u0947 \\ud83d\\ude4f");
    expect(wire).toContain("500\\/-");
    expect(wire).toContain("https:\\/\\/example.com\\/p");
    expect([...d.raw].every((b) => b < 0x80)).toBe(true);

    const ev = events(d)[0]!;
    expect(ev).toMatchObject({ kind: "message", contact: { waId: "919812345678", name: "राहुल" }, message: { type: "text", body: text } });

    // The same payload re-serialised does not verify — the receiver must hash the raw bytes.
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(wire)));
    expect(verifyHubSignature(reserialised, d.signature, SECRET)).toBe(false);
    expect(verifyHubSignature(d.raw, d.signature, "wrong-secret")).toBe(false);
  });

  it("each user message type arrives in Meta's inbound shape", async () => {
    const key = await chattingUser();
    const biz = await provider.sendInteractiveButtons({ to: key, body: "Book?", buttons: [{ id: "yes", title: "Yes" }] });
    const sends = [
      { type: "location", latitude: 28.6139, longitude: 77.209, name: "India Gate" },
      { type: "button_reply", id: "yes", title: "Yes", replyTo: biz.metaId },
      { type: "list_reply", id: "tue_10", title: "10:00", description: "Showroom", replyTo: biz.metaId },
      { type: "document", dataBase64: Buffer.from("%PDF-1.4 test").toString("base64"), mimeType: "application/pdf", filename: "quote.pdf" },
      { type: "reaction", messageId: biz.metaId, emoji: "❤️" },
    ];
    const wamids: string[] = [];
    for (const s of sends) {
      const r = await control<{ wamid: string; delivery: { delivered: boolean } }>("POST", `/users/${key}/messages`, s);
      expect(r.status).toBe(200);
      expect(r.json.delivery.delivered).toBe(true);
      wamids.push(r.json.wamid);
    }
    const byId = new Map(
      receiver.received.flatMap((d) => events(d)).flatMap((e) => (e.kind === "message" ? [[e.message.metaId, e.message] as const] : [])),
    );
    expect(byId.get(wamids[0]!)?.content).toMatchObject({ kind: "location", latitude: 28.6139, name: "India Gate" });
    expect(byId.get(wamids[1]!)).toMatchObject({ type: "interactive", replyToMetaId: biz.metaId, content: { replyType: "button_reply", id: "yes" } });
    expect(byId.get(wamids[2]!)?.content).toMatchObject({ replyType: "list_reply", id: "tue_10", description: "Showroom" });
    expect(byId.get(wamids[3]!)?.content).toMatchObject({ kind: "media", filename: "quote.pdf", mimeType: "application/pdf" });
    expect(byId.get(wamids[4]!)?.content).toEqual({ kind: "reaction", targetMetaId: biz.metaId, emoji: "❤️" });

    const bad = await control("POST", `/users/${key}/messages`, { type: "image", dataBase64: "AAAA", mimeType: "image/gif" });
    expect(bad.status).toBe(400);
  });

  it("duplicates a delivery byte for byte when asked", async () => {
    const created = await control<{ key: string }>("POST", "/users", { phone: "+16505551234" });
    await control("POST", "/webhook", { duplicateNext: 1 });
    const r = await control<{ wamid: string }>("POST", `/users/${created.json.key}/messages`, { type: "text", text: "once, twice" });
    const both = await receiver.waitForCount((d) => events(d).some((e) => e.kind === "message" && e.message.metaId === r.json.wamid), 2);
    expect(both).toHaveLength(2);
    expect(both[0]!.raw.equals(both[1]!.raw)).toBe(true);
    expect(both.every((d) => d.signatureValid)).toBe(true);
    const parsed = both.map((d) => (events(d)[0] as { dedupeKey: string }).dedupeKey);
    expect(parsed[0]).toBe(parsed[1]);
  });

  it("reorders a status pair: delivered arrives before sent", async () => {
    const key = await chattingUser();
    await control("POST", "/webhook", { reorderStatuses: true });
    const r = await provider.sendText({ to: key, body: "order test" });
    const [sent] = await receiver.waitForCount(statusOf(r.metaId), 2);
    const order = receiver.received.filter(statusOf(r.metaId)).map((d) => (events(d)[0] as { status: string }).status);
    expect(order).toEqual(["delivered", "sent"]);
    expect(sent!.signatureValid).toBe(true);
  });

  it("emits read when the simulated user reads", async () => {
    const key = await chattingUser();
    const r = await provider.sendText({ to: key, body: "read me" });
    await receiver.waitFor(statusOf(r.metaId, "delivered"));
    const read = await control<{ read: string[] }>("POST", `/users/${key}/read`, {});
    expect(read.json.read).toEqual([r.metaId]);
    await receiver.waitFor(statusOf(r.metaId, "read"));
    const inbox = await control<{ received: { status: string; readAt: string | null }[] }>("GET", `/users/${key}/inbox`);
    expect(inbox.json.received[0]).toMatchObject({ status: "read", readAt: expect.any(String) });
  });

  it("retries non-200 answers with backoff until the app accepts", async () => {
    const created = await control<{ key: string }>("POST", "/users", { phone: "+16505550001" });
    receiver.failNext(500, 503);
    const r = await control<{ wamid: string; delivery: { delivered: boolean; attempts: number; lastStatus: number } }>(
      "POST",
      `/users/${created.json.key}/messages`,
      { type: "text", text: "eventually" },
    );
    expect(r.json.delivery).toMatchObject({ delivered: true, attempts: 3, lastStatus: 200 });
    const got = receiver.received.filter((d) => events(d).some((e) => e.kind === "message" && e.message.metaId === r.json.wamid));
    expect(got.map((d) => d.answeredWith)).toEqual([500, 503, 200]);
    expect(new Set(got.map((d) => d.raw.toString("base64"))).size).toBe(1);

    const log = await control<{ data: { attempts: { at: number }[]; delivered: boolean }[] }>("GET", "/deliveries");
    const entry = log.json.data.find((x) => x.attempts.length === 3)!;
    expect(entry.delivered).toBe(true);
  });

  it("gives up after maxAttempts", async () => {
    const created = await control<{ key: string }>("POST", "/users", { phone: "+16505550002" });
    await control("POST", "/webhook", { maxAttempts: 2 });
    receiver.failNext(500, 500);
    const r = await control<{ delivery: { delivered: boolean; attempts: number } }>("POST", `/users/${created.json.key}/messages`, { type: "text", text: "lost" });
    expect(r.json.delivery).toMatchObject({ delivered: false, attempts: 2 });
  });
});
