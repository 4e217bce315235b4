import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/core/app-error";
import { createCallingApi, type CallingApi } from "@/lib/calls/calling-api";
import { readWhatsAppSdp } from "@/media-server/src/sdp/read-whatsapp-sdp";
import { type RunningSandbox, startSandbox } from "@/lib/sandbox/server";
import { type ReceivedDelivery, type WebhookReceiver, startWebhookReceiver } from "@/lib/sandbox/testing/webhook-receiver";
import { parseWebhook } from "@/lib/whatsapp/parse-webhook";
import { SANDBOX_DEFAULTS } from "@/lib/whatsapp/config";
import { sandboxCalling } from "../helpers/sandbox-calling";
import type { TWebhookEvent } from "@/lib/whatsapp/webhook.schema";

/**
 * Issue 4 §8 — business-initiated calls on the fake Graph Calling API, over real HTTP, with the
 * app's Calling API client: permission request message → the simulated user grants → signed
 * call_permission_reply webhook → call_permissions shows the grant → connect → connect webhook
 * with Meta's answer → RINGING → ACCEPTED / REJECTED → terminate. Plus Meta's refusals (138006,
 * 138009, 138017, 138012, 138003, 138002, SDP → 100) and failure injection.
 */
const SECRET = "calls-bic-app-secret";
const PHONE_ID = SANDBOX_DEFAULTS.phoneNumberId;
const sdpFixture = (name: string) => readFileSync(`tests/fixtures/sdp/${name}`, "utf8");
const OFFER = sdpFixture("werift-bic-offer.sdp");
const USER = "919812345678";

let sandbox: RunningSandbox;
let receiver: WebhookReceiver;
let api: CallingApi;

const { graph, transport, control } = sandboxCalling(() => sandbox.url);

const events = (d: ReceivedDelivery): TWebhookEvent[] => parseWebhook(d.json);
type CallEvent = Extract<TWebhookEvent, { kind: "call" }>;
type CallStatusEvent = Extract<TWebhookEvent, { kind: "call_status" }>;
const isCall = (callId: string, event: string) => (d: ReceivedDelivery) => events(d).some((e) => e.kind === "call" && e.callId === callId && e.event === event);
const isStatus = (callId: string, status: string) => (d: ReceivedDelivery) => events(d).some((e) => e.kind === "call_status" && e.callId === callId && e.status === status);
const first = <K extends TWebhookEvent["kind"]>(d: ReceivedDelivery, kind: K) => events(d).find((e) => e.kind === kind) as Extract<TWebhookEvent, { kind: K }>;
const callPath = (id: string) => `/calls/${encodeURIComponent(id)}`;

async function metaError(p: Promise<unknown>): Promise<{ metaCode: number; metaDetails?: string }> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).details as { metaCode: number; metaDetails?: string };
  }
  throw new Error("expected the Calling API to refuse the request");
}

/** A user who wrote to the business (window open), so a free-form permission request can be sent. */
async function chattingUser(phone = `+${USER}`): Promise<string> {
  const u = await control<{ key: string }>("POST", "/users", { phone, name: "Asha" });
  await control("POST", `/users/${u.json.key}/messages`, { type: "text", text: "Please call me" });
  return u.json.key;
}

/** Request permission through the app's client and have the user grant it; resolves with the reply webhook. */
async function grantedUser(phone = `+${USER}`, permanent = false): Promise<{ userKey: string; reply: ReceivedDelivery; requestId: string }> {
  const userKey = await chattingUser(phone);
  const { messageId } = await api.sendCallPermissionRequest({ to: userKey, bodyText: "May we call you about your order?" });
  const granted = await control("POST", `/users/${userKey}/call-permission`, { response: "accept", permanent });
  expect(granted.status).toBe(200);
  const reply = await receiver.waitFor((d) => events(d).some((e) => e.kind === "message" && e.message.content.kind === "interactive" && e.message.content.permission !== undefined));
  return { userKey, reply, requestId: messageId };
}

/** Connect and wait until the user's phone rings (connect webhook + RINGING). */
async function ringing(to = USER): Promise<{ callId: string; connect: ReceivedDelivery }> {
  const { callId } = await api.connect({ to, sdp: OFFER, bizOpaqueCallbackData: "lead=7" });
  const connect = await receiver.waitFor(isCall(callId, "connect"));
  await receiver.waitFor(isStatus(callId, "RINGING"));
  return { callId, connect };
}

beforeAll(async () => {
  receiver = await startWebhookReceiver(SECRET);
  sandbox = await startSandbox({ port: 0, appSecret: SECRET, webhookUrl: receiver.url });
  api = createCallingApi({ phoneNumberId: PHONE_ID, transport });
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
});

describe("business-initiated call", () => {
  it("without permission → 138006 in Meta's envelope (HTTP 401)", async () => {
    await chattingUser();
    const err = await metaError(api.connect({ to: USER, sdp: OFFER }));
    expect(err.metaCode).toBe(138006);
    const raw = await graph("POST", `/${PHONE_ID}/calls`, { messaging_product: "whatsapp", to: USER, action: "connect", session: { sdp_type: "offer", sdp: OFFER } });
    expect(raw.status).toBe(401);
    expect(raw.body).toMatchObject({ error: { code: 138006, type: "OAuthException", message: expect.stringMatching(/^\(#138006\) /) } });
    const perms = await api.getCallPermissions({ userWaId: USER });
    expect(perms).toMatchObject({ status: "no_permission", canStartCall: false, canRequestPermission: true });
  });

  it("permission request → user grants → reply webhook → connect → answer SDP + RINGING → ACCEPTED → terminate with duration", async () => {
    const { reply, requestId } = await grantedUser();
    expect(reply.signatureValid).toBe(true);
    const msg = first(reply, "message");
    expect(msg.message.replyToMetaId).toBe(requestId);
    expect(msg.message.content).toMatchObject({ kind: "interactive", replyType: "call_permission_reply", permission: { response: "accept", isPermanent: false, source: "user_action" } });

    const perms = await api.getCallPermissions({ userWaId: USER });
    expect(perms.status).toBe("temporary");
    expect(perms.canStartCall).toBe(true);
    const days = (perms.expiresAt!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);

    const { callId, connect } = await ringing();
    expect(connect.signatureValid).toBe(true);
    const c = first(connect, "call");
    expect(c).toMatchObject({ direction: "BUSINESS_INITIATED", sdpType: "answer", from: SANDBOX_DEFAULTS.displayPhoneNumber, to: USER, bizOpaqueCallbackData: "lead=7" });
    const answer = readWhatsAppSdp(c.sdp!, { kind: "answer" });
    expect(answer).toMatchObject({ iceLite: true, setup: "active", mid: "0" }); // mirrors the offer's mid
    expect(answer.opus.payloadType).toBe(111);
    expect(await control("GET", callPath(callId))).toMatchObject({ json: { state: "ringing", offerSdp: OFFER, answerSdp: c.sdp } });

    const answered = await control("POST", `${callPath(callId)}/answer`, {});
    expect(answered.status).toBe(200);
    const accepted = await receiver.waitFor(isStatus(callId, "ACCEPTED"));
    expect(first(accepted, "call_status")).toMatchObject({ status: "ACCEPTED", recipientId: USER, bizOpaqueCallbackData: "lead=7" } satisfies Partial<CallStatusEvent>);
    expect((accepted.json as { entry: { changes: { field: string }[] }[] }).entry[0]!.changes[0]!.field).toBe("calls");

    await control("POST", "/clock", { advanceMs: 42_000 });
    await api.terminate({ callId });
    const term = await receiver.waitFor(isCall(callId, "terminate"));
    expect(first(term, "call")).toMatchObject({ status: "COMPLETED", durationSeconds: 42, direction: "BUSINESS_INITIATED" } satisfies Partial<CallEvent>);

    // The connected call counts against the daily limit.
    const after = await api.getCallPermissions({ userWaId: USER });
    expect(after.limits.find((l) => l.action === "start_call")).toMatchObject({ period: "PT24H", max: 100, used: 1 });
  });

  it("user rejects → REJECTED, then terminate", async () => {
    await grantedUser();
    const { callId } = await ringing();
    expect((await control("POST", `${callPath(callId)}/reject`, {})).status).toBe(200);
    await receiver.waitFor(isStatus(callId, "REJECTED"));
    const term = await receiver.waitFor(isCall(callId, "terminate"));
    expect(first(term, "call").durationSeconds).toBeUndefined();
    const order = receiver.received.map((d) => events(d)[0]).filter((e) => e && (e.kind === "call" || e.kind === "call_status") && e.callId === callId);
    expect(order.map((e) => (e!.kind === "call" ? e!.event : (e as CallStatusEvent).status))).toEqual(["connect", "RINGING", "REJECTED", "terminate"]);
  });

  it("user denies the permission → reply webhook with reject, connect still 138006", async () => {
    const userKey = await chattingUser();
    await api.sendCallPermissionRequest({ to: userKey });
    await control("POST", `/users/${userKey}/call-permission`, { response: "reject" });
    const reply = await receiver.waitFor((d) => events(d).some((e) => e.kind === "message" && e.message.content.kind === "interactive" && e.message.content.permission?.response === "reject"));
    expect(reply.signatureValid).toBe(true);
    expect((await metaError(api.connect({ to: USER, sdp: OFFER }))).metaCode).toBe(138006);
    // Answered requests cannot be answered twice.
    expect((await control("POST", `/users/${userKey}/call-permission`, { response: "accept" })).status).toBe(409);
  });

  it("permission request limits: second request within 24 h → 138009; permanent permission → 138017", async () => {
    const userKey = await chattingUser();
    await api.sendCallPermissionRequest({ to: userKey });
    const limited = await metaError(api.sendCallPermissionRequest({ to: userKey }));
    expect(limited.metaCode).toBe(138009);
    const perms = await api.getCallPermissions({ userWaId: USER });
    expect(perms.canRequestPermission).toBe(false);
    expect(perms.limits.find((l) => l.action === "send_call_permission_request" && l.period === "PT24H")).toMatchObject({ max: 1, used: 1 });
    expect(perms.limits.find((l) => l.period === "PT24H" && l.action === "send_call_permission_request")!.resetsAt).not.toBeNull();

    // A day later a second one is allowed (2 per 7 days), and the user grants permanently.
    await control("POST", "/clock", { advanceMs: 24 * 3600_000 + 1000 });
    await control("POST", `/users/${userKey}/messages`, { type: "text", text: "still there" });
    await api.sendCallPermissionRequest({ to: userKey });
    await control("POST", `/users/${userKey}/call-permission`, { response: "accept", permanent: true });
    expect((await api.getCallPermissions({ userWaId: USER })).status).toBe("permanent");
    await control("POST", "/clock", { advanceMs: 24 * 3600_000 + 1000 });
    expect((await metaError(api.sendCallPermissionRequest({ to: userKey }))).metaCode).toBe(138017);
  });

  it("a temporary permission expires after 7 days → 138006", async () => {
    await grantedUser();
    await control("POST", "/clock", { advanceMs: 7 * 24 * 3600_000 + 1000 });
    expect((await metaError(api.connect({ to: USER, sdp: OFFER }))).metaCode).toBe(138006);
  });

  it("daily connected-call limit → 138012 with the next allowed time", async () => {
    await control("POST", "/calling", { connectedCallsPerDay: 1 });
    await grantedUser();
    const { callId } = await ringing();
    await control("POST", `${callPath(callId)}/answer`, {});
    await receiver.waitFor(isStatus(callId, "ACCEPTED"));
    await api.terminate({ callId });
    const err = await metaError(api.connect({ to: USER, sdp: OFFER }));
    expect(err.metaCode).toBe(138012);
    expect(err.metaDetails).toMatch(/next call can be made at \d{4}-/);
    const perms = await api.getCallPermissions({ userWaId: USER });
    expect(perms.canStartCall).toBe(false);
    expect(perms.limits.find((l) => l.action === "start_call")!.resetsAt).not.toBeNull();
  });

  it("a call already in progress with the user → 138003; concurrent limit → 138002", async () => {
    await grantedUser();
    await ringing();
    expect((await metaError(api.connect({ to: USER, sdp: OFFER }))).metaCode).toBe(138003);

    await control("POST", "/calling", { concurrentCalls: 1 });
    await grantedUser("+447700900123");
    const err = await metaError(api.connect({ to: "447700900123", sdp: OFFER }));
    expect(err.metaCode).toBe(138002);
  });

  it("invalid offers → 100: answer-shaped (setup:active), no Opus, sdp_type answer", async () => {
    await grantedUser();
    const active = await metaError(api.connect({ to: USER, sdp: sdpFixture("werift-uic-answer.sdp") }));
    expect(active.metaCode).toBe(100);
    expect(active.metaDetails).toMatch(/actpass/);
    const noOpus = await metaError(api.connect({ to: USER, sdp: sdpFixture("malformed-no-opus.sdp") }));
    expect(noOpus.metaCode).toBe(100);
    const video = await metaError(api.connect({ to: USER, sdp: sdpFixture("malformed-audio-and-video.sdp") }));
    expect(video.metaCode).toBe(100);
    const wrongType = await graph("POST", `/${PHONE_ID}/calls`, { messaging_product: "whatsapp", to: USER, action: "connect", session: { sdp_type: "answer", sdp: OFFER } });
    expect(wrongType.body).toMatchObject({ error: { code: 100 } });
    expect((await control<{ data: unknown[] }>("GET", "/calls")).json.data).toHaveLength(0);
  });

  it("failure injection: the next connect answers the chosen §6.10 code", async () => {
    await grantedUser();
    await control("POST", "/calling/failures", { code: 138013 });
    expect((await metaError(api.connect({ to: USER, sdp: OFFER }))).metaCode).toBe(138013);
    const { callId } = await api.connect({ to: USER, sdp: OFFER }); // only the next one failed
    expect(callId).toMatch(/^wacid\./);
  });

  it("unanswered calls: ignored calls end FAILED; reaching the limit revokes the permission", async () => {
    await control("POST", "/calling", { unansweredBeforeRevoke: 2 });
    await grantedUser();
    for (let i = 0; i < 2; i++) {
      const { callId } = await ringing();
      await control("POST", `${callPath(callId)}/ignore`, {});
      const term = await receiver.waitFor(isCall(callId, "terminate"));
      expect(first(term, "call").status).toBe("FAILED");
    }
    expect((await api.getCallPermissions({ userWaId: USER })).status).toBe("no_permission");
  });

  it("ring timeout ends an unanswered call on its own", async () => {
    await control("POST", "/calling", { ringTimeoutMs: 100 });
    await grantedUser();
    const { callId } = await ringing();
    const term = await receiver.waitFor(isCall(callId, "terminate"));
    expect(first(term, "call").status).toBe("FAILED");
    const log = await control<{ data: { id: string; endReason: string }[] }>("GET", `/users/${USER}/calls`);
    expect(log.json.data[0]).toMatchObject({ id: callId, endReason: "ring_timeout" });
  });

  it("call_permissions lookups are rate limited → 613 (HTTP 429)", async () => {
    await control("POST", "/calling", { permissionLookupsPerSecond: 1 });
    await api.getCallPermissions({ userWaId: USER });
    const raw = await graph("GET", `/${PHONE_ID}/call_permissions?user_wa_id=${USER}`);
    expect(raw.status).toBe(429);
    expect(raw.body).toMatchObject({ error: { code: 613 } });
    expect((await metaError(api.getCallPermissions({ userWaId: USER }))).metaCode).toBe(613);
  });

  it("pre_accept / accept are not part of a business-initiated call", async () => {
    await grantedUser();
    const { callId } = await ringing();
    const err = await metaError(api.accept({ callId, sdp: sdpFixture("werift-uic-answer.sdp") }));
    expect(err.metaCode).toBe(100);
  });
});
