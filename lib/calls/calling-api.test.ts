import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/core/app-error";
import {
  buildAcceptRequest,
  buildCallingSettingsRequest,
  buildCallPermissionRequestMessage,
  buildCallPermissionsRequest,
  buildConnectRequest,
  buildPreAcceptRequest,
  buildRejectRequest,
  buildTerminateRequest,
  createCallingApi,
  type GraphResponse,
  type GraphTransport,
} from "./calling-api";

const PHONE = "518638374672395";
const CALL = "wacid.HBgMOTE3MzU4NTgwMTgwFQIAEhggQUNE";
const OFFER = readFileSync(new URL("../../tests/fixtures/sdp/meta-uic-offer-2025-10.sdp", import.meta.url), "utf8");
const ANSWER = readFileSync(new URL("../../tests/fixtures/sdp/werift-uic-answer.sdp", import.meta.url), "utf8");

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected an AppError");
}

async function rejected(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected an AppError");
}

describe("request builders — bodies exactly as in reference §6.3–6.6", () => {
  it("pre_accept carries sdp_type 'answer' (not the docs table's 'offer')", () => {
    expect(buildPreAcceptRequest({ phoneNumberId: PHONE, callId: CALL, sdp: ANSWER })).toEqual({
      method: "POST",
      path: `/${PHONE}/calls`,
      body: { messaging_product: "whatsapp", call_id: CALL, action: "pre_accept", session: { sdp_type: "answer", sdp: ANSWER } },
    });
  });

  it("accept carries the same SDP and the optional biz_opaque_callback_data", () => {
    expect(buildAcceptRequest({ phoneNumberId: PHONE, callId: CALL, sdp: ANSWER, bizOpaqueCallbackData: "agent=42" }).body).toEqual({
      messaging_product: "whatsapp",
      call_id: CALL,
      action: "accept",
      session: { sdp_type: "answer", sdp: ANSWER },
      biz_opaque_callback_data: "agent=42",
    });
    expect(buildAcceptRequest({ phoneNumberId: PHONE, callId: CALL, sdp: ANSWER }).body).not.toHaveProperty("biz_opaque_callback_data");
  });

  it("reject and terminate", () => {
    expect(buildRejectRequest({ phoneNumberId: PHONE, callId: CALL }).body).toEqual({ messaging_product: "whatsapp", call_id: CALL, action: "reject" });
    expect(buildTerminateRequest({ phoneNumberId: PHONE, callId: CALL }).body).toEqual({ messaging_product: "whatsapp", call_id: CALL, action: "terminate" });
  });

  it("connect (business-initiated) sends our offer with sdp_type 'offer'", () => {
    expect(buildConnectRequest({ phoneNumberId: PHONE, to: "14085551234", sdp: OFFER, bizOpaqueCallbackData: "0fS5cePMok" })).toEqual({
      method: "POST",
      path: `/${PHONE}/calls`,
      body: {
        messaging_product: "whatsapp",
        to: "14085551234",
        action: "connect",
        session: { sdp_type: "offer", sdp: OFFER },
        biz_opaque_callback_data: "0fS5cePMok",
      },
    });
  });

  it("connect accepts a BSUID recipient, and 'to' wins when both are given", () => {
    expect(buildConnectRequest({ phoneNumberId: PHONE, recipient: "US.13491208655302741918", sdp: OFFER }).body).toMatchObject({ recipient: "US.13491208655302741918" });
    const both = buildConnectRequest({ phoneNumberId: PHONE, to: "14085551234", recipient: "US.1", sdp: OFFER }).body as Record<string, unknown>;
    expect(both.to).toBe("14085551234");
    expect(both).not.toHaveProperty("recipient");
  });

  it("GET call_permissions with user_wa_id", () => {
    expect(buildCallPermissionsRequest({ phoneNumberId: PHONE, userWaId: "14085551234" })).toEqual({
      method: "GET",
      path: `/${PHONE}/call_permissions?user_wa_id=14085551234`,
    });
  });

  it("the interactive call_permission_request message", () => {
    expect(buildCallPermissionRequestMessage({ phoneNumberId: PHONE, to: "14085551234", bodyText: "We'd like to call you about order ON-12853." })).toEqual({
      method: "POST",
      path: `/${PHONE}/messages`,
      body: {
        messaging_product: "whatsapp",
        recipient_type: "individual",
        to: "14085551234",
        type: "interactive",
        interactive: {
          type: "call_permission_request",
          action: { name: "call_permission_request" },
          body: { text: "We'd like to call you about order ON-12853." },
        },
      },
    });
    const noBody = buildCallPermissionRequestMessage({ phoneNumberId: PHONE, to: "14085551234" }).body as { interactive: object };
    expect(noBody.interactive).not.toHaveProperty("body");
  });

  it("settings: enable, call hours (HH:MM normalised to HHMM), callback permission, icon countries", () => {
    const req = buildCallingSettingsRequest({
      phoneNumberId: PHONE,
      settings: {
        enabled: true,
        callIconVisibility: "DEFAULT",
        restrictToUserCountries: ["US", "BR"],
        callbackPermission: true,
        callHours: {
          enabled: true,
          timezoneId: "America/Manaus",
          weekly: [{ day: "MONDAY", open: "04:00", close: "1020" }],
          holidays: [{ date: "2026-01-01", start: "0000", end: "2359" }],
        },
      },
    });
    expect(req).toEqual({
      method: "POST",
      path: `/${PHONE}/settings`,
      body: {
        calling: {
          status: "ENABLED",
          call_icon_visibility: "DEFAULT",
          call_icons: { restrict_to_user_countries: ["US", "BR"] },
          call_hours: {
            status: "ENABLED",
            timezone_id: "America/Manaus",
            weekly_operating_hours: [{ day_of_week: "MONDAY", open_time: "0400", close_time: "1020" }],
            holiday_schedule: [{ date: "2026-01-01", start_time: "0000", end_time: "2359" }],
          },
          callback_permission_status: "ENABLED",
        },
      },
    });
  });

  it("settings: disabling sends only the status", () => {
    expect(buildCallingSettingsRequest({ phoneNumberId: PHONE, settings: { enabled: false } }).body).toEqual({ calling: { status: "DISABLED" } });
  });
});

describe("request builders — bad input", () => {
  it.each([
    ["double-escaped SDP", { phoneNumberId: PHONE, callId: CALL, sdp: OFFER.replace(/\r\n/g, "\\r\\n") }],
    ["not an SDP", { phoneNumberId: PHONE, callId: CALL, sdp: "hello there, not an sdp" }],
    ["empty call id", { phoneNumberId: PHONE, callId: "", sdp: ANSWER }],
    ["unknown field", { phoneNumberId: PHONE, callId: CALL, sdp: ANSWER, extra: 1 }],
    ["opaque data over 512 chars", { phoneNumberId: PHONE, callId: CALL, sdp: ANSWER, bizOpaqueCallbackData: "x".repeat(513) }],
  ])("accept: %s → INVALID_INPUT", (_label, input) => {
    expect(thrown(() => buildAcceptRequest(input as never)).code).toBe("INVALID_INPUT");
  });

  it("LF-only SDP is sent with CRLF line endings", () => {
    const lf = ANSWER.replace(/\r\n/g, "\n");
    const body = buildPreAcceptRequest({ phoneNumberId: PHONE, callId: CALL, sdp: lf }).body as { session: { sdp: string } };
    expect(body.session.sdp).toBe(ANSWER);
  });

  it("connect needs to or recipient; to must be digits without +", () => {
    expect(thrown(() => buildConnectRequest({ phoneNumberId: PHONE, sdp: OFFER })).code).toBe("INVALID_INPUT");
    expect(thrown(() => buildConnectRequest({ phoneNumberId: PHONE, to: "+14085551234", sdp: OFFER })).code).toBe("INVALID_INPUT");
  });

  it.each([
    ["three ranges on a day", [{ day: "MONDAY", open: "0800", close: "0900" }, { day: "MONDAY", open: "1000", close: "1100" }, { day: "MONDAY", open: "1200", close: "1300" }]],
    ["overlapping ranges", [{ day: "MONDAY", open: "0800", close: "1200" }, { day: "MONDAY", open: "1100", close: "1300" }]],
    ["open after close", [{ day: "TUESDAY", open: "1800", close: "0900" }]],
    ["bad time", [{ day: "TUESDAY", open: "25:00", close: "2600" }]],
    ["no ranges while enabled", []],
  ])("call hours: %s → INVALID_INPUT", (_label, weekly) => {
    const err = thrown(() =>
      buildCallingSettingsRequest({ phoneNumberId: PHONE, settings: { callHours: { enabled: true, timezoneId: "Asia/Kolkata", weekly: weekly as never } } }),
    );
    expect(err.code).toBe("INVALID_INPUT");
  });

  it("more than 20 holidays → INVALID_INPUT", () => {
    const holidays = Array.from({ length: 21 }, (_, i) => ({ date: `2026-02-${String(i + 1).padStart(2, "0")}`, start: "0000", end: "2359" }));
    expect(
      thrown(() =>
        buildCallingSettingsRequest({
          phoneNumberId: PHONE,
          settings: { callHours: { enabled: true, timezoneId: "UTC", weekly: [{ day: "MONDAY", open: "0900", close: "1700" }], holidays } },
        }),
      ).code,
    ).toBe("INVALID_INPUT");
  });

  it("an empty settings change is refused", () => {
    expect(thrown(() => buildCallingSettingsRequest({ phoneNumberId: PHONE, settings: {} })).code).toBe("INVALID_INPUT");
  });
});

// ── client over a fake transport that answers like Meta ──────────────────────────────────────────

function fakeTransport(reply: (method: string, path: string, body: unknown) => GraphResponse) {
  const sent: { method: string; path: string; body?: unknown }[] = [];
  const transport: GraphTransport = {
    async post(path, body) {
      sent.push({ method: "POST", path, body });
      return reply("POST", path, body);
    },
    async get(path) {
      sent.push({ method: "GET", path });
      return reply("GET", path, undefined);
    },
  };
  return { transport, sent };
}

const ok: GraphResponse = { status: 200, body: { messaging_product: "whatsapp", success: true } };

describe("createCallingApi", () => {
  it("pre_accept then accept send the same SDP to /{phone}/calls", async () => {
    const { transport, sent } = fakeTransport(() => ok);
    const api = createCallingApi({ phoneNumberId: PHONE, transport });
    await api.preAccept({ callId: CALL, sdp: ANSWER });
    await api.accept({ callId: CALL, sdp: ANSWER });
    expect(sent.map((s) => [s.method, s.path, (s.body as { action: string }).action])).toEqual([
      ["POST", `/${PHONE}/calls`, "pre_accept"],
      ["POST", `/${PHONE}/calls`, "accept"],
    ]);
    expect((sent[0].body as { session: unknown }).session).toEqual((sent[1].body as { session: unknown }).session);
  });

  it("connect returns Meta's call id", async () => {
    const { transport } = fakeTransport(() => ({
      status: 200,
      body: { messaging_product: "whatsapp", calls: [{ id: "wacid.HBgLMTIxODU1NTI4MjgVAgARGCAyODRQIAFRoA" }] },
    }));
    const api = createCallingApi({ phoneNumberId: PHONE, transport });
    expect(await api.connect({ to: "14085551234", sdp: OFFER })).toEqual({ callId: "wacid.HBgLMTIxODU1NTI4MjgVAgARGCAyODRQIAFRoA" });
  });

  it("connect refused with 138006 → PROVIDER_ERROR with Meta's text and the cause", async () => {
    const { transport } = fakeTransport(() => ({
      status: 400,
      body: { error: { message: "(#138006) No approved call permission", type: "OAuthException", code: 138006, fbtrace_id: "Az8or2yhqkZfEZ-_4Qn_Bam" } },
    }));
    const err = await rejected(createCallingApi({ phoneNumberId: PHONE, transport }).connect({ to: "14085551234", sdp: OFFER }));
    expect(err.code).toBe("PROVIDER_ERROR");
    expect(err.userMessage).toBe("No approved call permission");
    expect(err.details).toEqual({ metaCode: 138006, cause: "no_call_permission", retryable: false });
    expect(err.toBody()).toEqual({ error: { code: "PROVIDER_ERROR", message: "No approved call permission" } });
  });

  it("the daily limit keeps error_data.details (the next allowed time)", async () => {
    const { transport } = fakeTransport(() => ({
      status: 400,
      body: { error: { message: "(#138012) Business initiated calls limit reached", code: 138012, error_data: { messaging_product: "whatsapp", details: "Next call allowed at 1745622600" } } },
    }));
    const err = await rejected(createCallingApi({ phoneNumberId: PHONE, transport }).connect({ to: "14085551234", sdp: OFFER }));
    expect(err.details).toEqual({ metaCode: 138012, cause: "daily_call_limit", retryable: false, metaDetails: "Next call allowed at 1745622600" });
  });

  it("the concurrent call limit is RATE_LIMITED and retryable", async () => {
    const { transport } = fakeTransport(() => ({ status: 429, body: { error: { message: "(#138002) Concurrent call limit reached", code: 138002 } } }));
    const err = await rejected(createCallingApi({ phoneNumberId: PHONE, transport }).connect({ to: "14085551234", sdp: OFFER }));
    expect(err.code).toBe("RATE_LIMITED");
    expect(err.details).toMatchObject({ retryable: true });
  });

  it("an invalid SDP (100) surfaces Meta's validation details", async () => {
    const { transport } = fakeTransport(() => ({
      status: 400,
      body: { error: { message: "(#100) Invalid parameter", code: 100, error_data: { details: "SDP Validation error - No fingerprint found in SDP" } } },
    }));
    const err = await rejected(createCallingApi({ phoneNumberId: PHONE, transport }).preAccept({ callId: CALL, sdp: ANSWER }));
    expect(err.details).toMatchObject({ metaCode: 100, cause: "invalid_parameter", metaDetails: "SDP Validation error - No fingerprint found in SDP" });
  });

  it("a 2xx with an unexpected body is a PROVIDER_ERROR, not a silent success", async () => {
    const { transport } = fakeTransport(() => ({ status: 200, body: { messaging_product: "whatsapp" } }));
    expect((await rejected(createCallingApi({ phoneNumberId: PHONE, transport }).terminate({ callId: CALL }))).code).toBe("PROVIDER_ERROR");
  });

  it("a non-JSON error page (HTTP 502) is still a PROVIDER_ERROR", async () => {
    const { transport } = fakeTransport(() => ({ status: 502, body: "<html>Bad gateway</html>" }));
    const err = await rejected(createCallingApi({ phoneNumberId: PHONE, transport }).reject({ callId: CALL }));
    expect(err.code).toBe("PROVIDER_ERROR");
    expect(err.details).toMatchObject({ metaCode: null, cause: "unknown" });
  });

  it("call permissions: Meta's sample → status, expiry, what can be done and why not", async () => {
    const { transport, sent } = fakeTransport(() => ({
      status: 200,
      body: {
        messaging_product: "whatsapp",
        permission: { status: "temporary", expiration_time: 1745343479 },
        actions: [
          {
            action_name: "send_call_permission_request",
            can_perform_action: true,
            limits: [
              { time_period: "PT24H", max_allowed: 1, current_usage: 0 },
              { time_period: "P7D", max_allowed: 2, current_usage: 1 },
            ],
          },
          {
            action_name: "start_call",
            can_perform_action: false,
            limits: [{ time_period: "PT24H", max_allowed: 5, current_usage: 5, limit_expiration_time: 1745622600 }],
          },
        ],
      },
    }));
    const perms = await createCallingApi({ phoneNumberId: PHONE, transport }).getCallPermissions({ userWaId: "14085551234" });
    expect(sent[0]).toEqual({ method: "GET", path: `/${PHONE}/call_permissions?user_wa_id=14085551234` });
    expect(perms).toEqual({
      status: "temporary",
      expiresAt: new Date(1745343479_000),
      canRequestPermission: true,
      canStartCall: false,
      limits: [
        { action: "send_call_permission_request", period: "PT24H", max: 1, used: 0, resetsAt: null },
        { action: "send_call_permission_request", period: "P7D", max: 2, used: 1, resetsAt: null },
        { action: "start_call", period: "PT24H", max: 5, used: 5, resetsAt: new Date(1745622600_000) },
      ],
    });
  });

  it("call permissions lookup rate limit (613) → RATE_LIMITED, retryable", async () => {
    const { transport } = fakeTransport(() => ({ status: 429, body: { error: { message: "(#613) Calls to this api have exceeded the rate limit.", code: 613 } } }));
    const err = await rejected(createCallingApi({ phoneNumberId: PHONE, transport }).getCallPermissions({ userWaId: "14085551234" }));
    expect(err.code).toBe("RATE_LIMITED");
    expect(err.details).toMatchObject({ cause: "permissions_lookup_rate_limited", retryable: true });
  });

  it("sends the permission request message and returns its wamid", async () => {
    const { transport, sent } = fakeTransport(() => ({
      status: 200,
      body: { messaging_product: "whatsapp", contacts: [{ input: "14085551234", wa_id: "14085551234" }], messages: [{ id: "wamid.HBgLMTQwODU1NTEyMzQVAgARGBI" }] },
    }));
    const r = await createCallingApi({ phoneNumberId: PHONE, transport }).sendCallPermissionRequest({ to: "14085551234" });
    expect(r).toEqual({ messageId: "wamid.HBgLMTQwODU1NTEyMzQVAgARGBI" });
    expect(sent[0].path).toBe(`/${PHONE}/messages`);
  });

  it("settings: update posts the calling block; get reads restrictions", async () => {
    const { transport, sent } = fakeTransport((method) =>
      method === "POST"
        ? { status: 200, body: { success: true } }
        : {
            status: 200,
            body: {
              calling: {
                status: "ENABLED",
                call_icon_visibility: "DEFAULT",
                callback_permission_status: "ENABLED",
                restrictions: { restrictions_list: [{ type: "RESTRICTED_USER_INITIATED_CALLING", reason: "low pickup rate", expiration: 1754072386 }] },
              },
            },
          },
    );
    const api = createCallingApi({ phoneNumberId: PHONE, transport });
    await api.updateSettings({ enabled: true, callbackPermission: true });
    expect(sent[0]).toEqual({ method: "POST", path: `/${PHONE}/settings`, body: { calling: { status: "ENABLED", callback_permission_status: "ENABLED" } } });
    const settings = await api.getSettings();
    expect(settings.calling?.restrictions?.restrictions_list?.[0].type).toBe("RESTRICTED_USER_INITIATED_CALLING");
  });

  it("enabling calling refused with 138015 (messaging limit below 2000)", async () => {
    const { transport } = fakeTransport(() => ({ status: 400, body: { error: { message: "(#138015) Calling cannot be enabled", code: 138015 } } }));
    const err = await rejected(createCallingApi({ phoneNumberId: PHONE, transport }).updateSettings({ enabled: true }));
    expect(err.details).toMatchObject({ metaCode: 138015, cause: "messaging_limit_too_low" });
  });

  it("bad input never reaches the transport", async () => {
    const { transport, sent } = fakeTransport(() => ok);
    await rejected(createCallingApi({ phoneNumberId: PHONE, transport }).accept({ callId: CALL, sdp: "not an sdp at all" }));
    expect(sent).toEqual([]);
  });
});
