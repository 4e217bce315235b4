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
 * Issue 4 §8 — user-initiated calls on the fake Graph Calling API, over real HTTP: the simulated
 * user calls (control API), the signed `connect` webhook reaches an in-test receiver, the app's
 * Calling API client (lib/calls/calling-api.ts over a fetch transport) pre-accepts and accepts,
 * and the terminate webhook follows. Plus deadlines, SDP rules, reject, idempotent terminate and
 * calling settings (enabled / call hours).
 */
const SECRET = "calls-uic-app-secret";
const PHONE_ID = SANDBOX_DEFAULTS.phoneNumberId;
const sdpFixture = (name: string) => readFileSync(`tests/fixtures/sdp/${name}`, "utf8");
const ANSWER = sdpFixture("werift-uic-answer.sdp");

let sandbox: RunningSandbox;
let receiver: WebhookReceiver;
let api: CallingApi;

const { graph, transport, control } = sandboxCalling(() => sandbox.url);

type CallEvent = Extract<TWebhookEvent, { kind: "call" }>;
const callEvents = (d: ReceivedDelivery): CallEvent[] => parseWebhook(d.json).filter((e): e is CallEvent => e.kind === "call");
const isCall = (callId: string, event: string) => (d: ReceivedDelivery) => callEvents(d).some((e) => e.callId === callId && e.event === event);
const callEvent = (d: ReceivedDelivery) => callEvents(d)[0]!;
const rawCall = (d: ReceivedDelivery) => (d.json as { entry: { changes: { field: string; value: { calls: Record<string, unknown>[]; errors?: unknown[] } }[] }[] }).entry[0]!.changes[0]!;

async function metaError(p: Promise<unknown>): Promise<{ metaCode: number; metaDetails?: string }> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).details as { metaCode: number; metaDetails?: string };
  }
  throw new Error("expected the Calling API to refuse the request");
}

/** The user calls; resolves with the wacid and the connect webhook as delivered. */
async function userCalls(phone = "+91 98123 45678"): Promise<{ callId: string; userKey: string; connect: ReceivedDelivery }> {
  const user = await control<{ key: string }>("POST", "/users", { phone, name: "Asha" });
  const placed = await control<{ id: string }>("POST", `/users/${user.json.key}/calls`, {});
  expect(placed.status).toBe(201);
  const connect = await receiver.waitFor(isCall(placed.json.id, "connect"));
  return { callId: placed.json.id, userKey: user.json.key, connect };
}

const inspect = async (callId: string) => (await control<Record<string, unknown>>("GET", `/calls/${encodeURIComponent(callId)}`)).json;

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

describe("user-initiated call", () => {
  it("connect webhook with Meta's offer → pre_accept → accept → user hangs up → terminate with duration", async () => {
    const { callId, connect } = await userCalls();

    // Signed, Meta-shaped connect: field calls, USER_INITIATED, an offer like §6.9 (a).
    expect(connect.signatureValid).toBe(true);
    const change = rawCall(connect);
    expect(change.field).toBe("calls");
    expect(change.value.calls[0]).toMatchObject({ id: callId, from: "919812345678", to: SANDBOX_DEFAULTS.displayPhoneNumber, event: "connect", direction: "USER_INITIATED" });
    expect(typeof change.value.calls[0]!.timestamp).toBe("string");
    const ev = callEvent(connect);
    expect(ev.sdpType).toBe("offer");
    expect(ev.contact?.waId).toBe("919812345678");
    const offer = readWhatsAppSdp(ev.sdp!, { kind: "offer" });
    expect(offer).toMatchObject({ iceLite: true, setup: "actpass", mid: "audio", cname: "WhatsAppAudioStream1" });
    expect(offer.opus.payloadType).toBe(111);
    expect(offer.telephoneEvent).toEqual({ payloadType: 126, clockRate: 8000 });
    expect(ev.sdp).toContain("\r\na=msid:");
    expect(ev.sdp!.endsWith("\r\n")).toBe(true);

    await api.preAccept({ callId, sdp: ANSWER });
    expect(await inspect(callId)).toMatchObject({ state: "pre_accepted", preAcceptSdp: ANSWER });
    await api.accept({ callId, sdp: ANSWER, bizOpaqueCallbackData: "agent=42" });
    expect(await inspect(callId)).toMatchObject({ state: "accepted", answerSdp: ANSWER });

    await control("POST", "/clock", { advanceMs: 20_000 });
    const hung = await control("POST", `/calls/${encodeURIComponent(callId)}/hangup`, {});
    expect(hung.status).toBe(200);

    const term = await receiver.waitFor(isCall(callId, "terminate"));
    expect(term.signatureValid).toBe(true);
    const t = callEvent(term);
    expect(t).toMatchObject({ status: "COMPLETED", durationSeconds: 20, bizOpaqueCallbackData: "agent=42" });
    expect(t.endTime!.getTime() - t.startTime!.getTime()).toBe(20_000);
    const rawTerm = rawCall(term).value.calls[0]!;
    expect(typeof rawTerm.start_time).toBe("string");
    expect(rawTerm.duration).toBe(20);
    expect(await inspect(callId)).toMatchObject({ state: "ended", endReason: "user_hangup", durationSeconds: 20 });
  });

  it("accept without pre_accept works; accept with an SDP that differs from pre_accept's is refused with 100", async () => {
    const first = await userCalls("+91 98000 00001");
    await api.accept({ callId: first.callId, sdp: ANSWER });
    expect((await inspect(first.callId)).state).toBe("accepted");

    const second = await userCalls("+91 98000 00002");
    await api.preAccept({ callId: second.callId, sdp: ANSWER });
    const other = ANSWER.replace("a=ice-ufrag:0390", "a=ice-ufrag:9999");
    const err = await metaError(api.accept({ callId: second.callId, sdp: other }));
    expect(err.metaCode).toBe(100);
    expect(err.metaDetails).toMatch(/does not match/);
    expect((await inspect(second.callId)).state).toBe("pre_accepted");
  });

  it("accept after the deadline (fake clock) → 138007, and Meta's terminate webhook arrives", async () => {
    const { callId } = await userCalls();
    await control("POST", "/clock", { advanceMs: 61_000 });
    const err = await metaError(api.accept({ callId, sdp: ANSWER }));
    expect(err.metaCode).toBe(138007);
    const term = await receiver.waitFor(isCall(callId, "terminate"));
    const t = callEvent(term);
    expect(t.status).toBe("FAILED");
    expect(t.error?.code).toBe(138007);
    expect(t.durationSeconds).toBeUndefined(); // never connected: no start/end/duration
    expect(rawCall(term).value.errors).toHaveLength(1); // duplicated at value level
  });

  it("the accept deadline fires on its own (real timer) with the terminate webhook", async () => {
    await control("POST", "/calling", { acceptTimeoutMs: 150 });
    const { callId } = await userCalls();
    const term = await receiver.waitFor(isCall(callId, "terminate"));
    expect(callEvent(term)).toMatchObject({ status: "FAILED" });
    expect(await inspect(callId)).toMatchObject({ state: "ended", endReason: "accept_timeout" });
  });

  it("refuses invalid answers with Meta's error 100 and the reason in error_data.details", async () => {
    const { callId } = await userCalls();
    // The double-escaped / fingerprint-less SDP problem (§8 pitfall 11).
    const noFp = await metaError(api.preAccept({ callId, sdp: sdpFixture("malformed-no-fingerprint.sdp") }));
    expect(noFp).toMatchObject({ metaCode: 100, metaDetails: "No fingerprint found in SDP" });
    // Answering with actpass (e.g. echoing Meta's offer) is not an answer the business may give.
    const actpass = await metaError(api.preAccept({ callId, sdp: sdpFixture("meta-uic-offer-2025-10.sdp") }));
    expect(actpass.metaCode).toBe(100);
    const noOpus = await metaError(api.accept({ callId, sdp: sdpFixture("malformed-no-opus.sdp").replace("a=setup:actpass", "a=setup:active") }));
    expect(noOpus.metaCode).toBe(100);
    expect(noOpus.metaDetails).toMatch(/no_opus/);

    // sdp_type "offer" on accept (the docs' table) is refused; Meta's exact error envelope.
    const raw = await graph("POST", `/${PHONE_ID}/calls`, { messaging_product: "whatsapp", call_id: callId, action: "accept", session: { sdp_type: "offer", sdp: ANSWER } });
    expect(raw.status).toBe(400);
    expect(raw.body).toMatchObject({ error: { code: 100, type: "OAuthException", message: "(#100) Invalid parameter", error_data: { messaging_product: "whatsapp" } } });
    expect((raw.body as { error: { fbtrace_id: string } }).error.fbtrace_id).toEqual(expect.any(String));
    expect((await inspect(callId)).state).toBe("ringing");
  });

  it("reject → terminate webhook without duration; reject again → error; terminate is idempotent", async () => {
    const { callId } = await userCalls();
    await api.reject({ callId });
    const term = await receiver.waitFor(isCall(callId, "terminate"));
    expect(callEvent(term)).toMatchObject({ status: "COMPLETED" });
    expect(callEvent(term).durationSeconds).toBeUndefined();
    expect((await metaError(api.reject({ callId }))).metaCode).toBe(100);

    // Duplicate terminates answer success and send no second webhook.
    await api.terminate({ callId });
    await api.terminate({ callId });
    // A later delivery marks the end of the queue (deliveries go out in order).
    await control("POST", "/users/919812345678/messages", { type: "text", text: "after" });
    expect(receiver.received.filter(isCall(callId, "terminate"))).toHaveLength(1);
  });

  it("business terminate of an accepted call, then duplicate terminate → success, one webhook", async () => {
    const { callId } = await userCalls();
    await api.accept({ callId, sdp: ANSWER });
    await control("POST", "/clock", { advanceMs: 7_000 });
    await api.terminate({ callId });
    await api.terminate({ callId });
    const term = await receiver.waitFor(isCall(callId, "terminate"));
    expect(callEvent(term)).toMatchObject({ status: "COMPLETED", durationSeconds: 7 });
    await control("POST", "/users/919812345678/messages", { type: "text", text: "after" });
    expect(receiver.received.filter(isCall(callId, "terminate"))).toHaveLength(1);
    expect(((await inspect(callId)).events as { what: string }[]).map((e) => e.what)).toContain("terminate_repeated");
  });

  it("unknown call ids and calls on another number are refused like Meta", async () => {
    const unknown = await metaError(api.terminate({ callId: "wacid.HBgMOTE5ODEyMzQ1Njc4FQIAEhggdW5rbm93bg==" }));
    expect(unknown.metaCode).toBe(100);
    const wrongNumber = await graph("POST", `/999999999999999/calls`, { messaging_product: "whatsapp", call_id: "wacid.x", action: "terminate" });
    expect(wrongNumber.status).toBe(400);
    expect((wrongNumber.body as { error: { code: number } }).error.code).toBe(100);
    const noAction = await graph("POST", `/${PHONE_ID}/calls`, { messaging_product: "whatsapp", call_id: "wacid.x" });
    expect((noAction.body as { error: { code: number } }).error.code).toBe(131008);
  });
});

describe("callback permission", () => {
  it("with callback_permission_status ENABLED the user's grant after the call arrives as an automatic reply", async () => {
    await api.updateSettings({ callbackPermission: true });
    const user = await control<{ key: string }>("POST", "/users", { phone: "+91 98123 45678" });
    const placed = await control<{ id: string }>("POST", `/users/${user.json.key}/calls`, { grantCallbackPermission: true });
    const callId = placed.json.id;
    await receiver.waitFor(isCall(callId, "connect"));
    await api.accept({ callId, sdp: ANSWER });
    await control("POST", `/calls/${encodeURIComponent(callId)}/hangup`, {});
    const reply = await receiver.waitFor((d) => parseWebhook(d.json).some((e) => e.kind === "message" && e.message.content.kind === "interactive" && e.message.content.permission !== undefined));
    const msg = parseWebhook(reply.json).find((e) => e.kind === "message")!;
    if (msg.kind !== "message" || msg.message.content.kind !== "interactive") throw new Error("not an interactive message");
    expect(msg.message.content.permission).toMatchObject({ response: "accept", source: "automatic" });
    expect(msg.message.replyToMetaId).toBe(callId); // context.id is the wacid of the call (§6.6)
    expect((await api.getCallPermissions({ userWaId: "919812345678" })).status).toBe("temporary");
  });
});

describe("calling settings", () => {
  it("round-trips settings; disabled calling refuses user calls (no webhook) and business calls (138000)", async () => {
    const initial = await api.getSettings();
    expect(initial.calling?.status).toBe("ENABLED");

    await api.updateSettings({ enabled: false, callbackPermission: true });
    const after = await api.getSettings();
    expect(after.calling).toMatchObject({ status: "DISABLED", callback_permission_status: "ENABLED" });

    const user = await control<{ key: string }>("POST", "/users", { phone: "+44 7700 900123" });
    const refused = await control<{ error: { code: string; message: string } }>("POST", `/users/${user.json.key}/calls`, {});
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toMatch(/calling_disabled/);

    const bic = await metaError(api.connect({ to: "447700900123", sdp: sdpFixture("werift-bic-offer.sdp") }));
    expect(bic.metaCode).toBe(138000);
    expect(receiver.received.some((d) => parseWebhook(d.json).some((e) => e.kind === "call"))).toBe(false);
  });

  it("call hours: outside the weekly ranges users cannot call; invalid hours are refused with 100", async () => {
    // Open only for one minute on a day that is not today (in UTC).
    const today = new Date().toLocaleDateString("en-US", { weekday: "long", timeZone: "UTC" }).toUpperCase();
    const other = today === "MONDAY" ? "TUESDAY" : "MONDAY";
    await api.updateSettings({ callHours: { enabled: true, timezoneId: "UTC", weekly: [{ day: other as "MONDAY", open: "0000", close: "0001" }], holidays: [] } });
    const user = await control<{ key: string }>("POST", "/users", { phone: "+55 11 91234 5678" });
    const refused = await control<{ error: { message: string } }>("POST", `/users/${user.json.key}/calls`, {});
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toMatch(/outside_call_hours/);

    // Open all day today → the call goes through.
    await api.updateSettings({ callHours: { enabled: true, timezoneId: "UTC", weekly: [{ day: today as "MONDAY", open: "0000", close: "2359" }], holidays: [] } });
    expect((await control("POST", `/users/${user.json.key}/calls`, {})).status).toBe(201);

    const overlap = await graph("POST", `/${PHONE_ID}/settings`, {
      calling: {
        call_hours: {
          status: "ENABLED",
          timezone_id: "UTC",
          weekly_operating_hours: [
            { day_of_week: "MONDAY", open_time: "0900", close_time: "1200" },
            { day_of_week: "MONDAY", open_time: "1100", close_time: "1300" },
          ],
        },
      },
    });
    expect(overlap.status).toBe(400);
    expect(overlap.body).toMatchObject({ error: { code: 100, error_data: { details: "MONDAY: ranges overlap." } } });
    const badZone = await graph("POST", `/${PHONE_ID}/settings`, { calling: { call_hours: { status: "DISABLED", timezone_id: "Mars/Olympus" } } });
    expect((badZone.body as { error: { code: number } }).error.code).toBe(100);
  });
});
