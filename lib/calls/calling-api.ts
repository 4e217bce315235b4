import { z } from "zod";
import { AppError } from "@/lib/core/app-error";
import { callingErrorToAppError, describeCallingError, type MetaErrorLike } from "./calling-errors";

/**
 * WhatsApp Cloud API Calling endpoints (reference whatsapp-cloud-api.md §6.2–6.6): pure request
 * builders, response schemas, and a small client over an injected transport, so it works with any
 * Graph client (the real one, the sandbox's fake, a test double). Paths are relative to the
 * versioned Graph base URL (`/v{NN}.0`), which the transport adds along with the bearer token.
 */

// ── transport ────────────────────────────────────────────────────────────────────────────────────

/** What the transport returns for any HTTP answer, 2xx or not (it throws only when there is no answer). */
export interface GraphResponse {
  status: number;
  body: unknown;
}

export interface GraphTransport {
  post(path: string, body: unknown): Promise<GraphResponse>;
  get(path: string): Promise<GraphResponse>;
}

export interface GraphRequest {
  method: "POST" | "GET";
  path: string;
  body?: unknown;
}

// ── inputs ───────────────────────────────────────────────────────────────────────────────────────

const ZId = z.string().min(1).max(128).regex(/^[A-Za-z0-9_.=+\-/]+$/, "unexpected characters");

/**
 * `session.sdp` is a plain JSON string with real CRLFs (§6.8). Literal `\r\n` text means it was
 * escaped twice (Meta then answers "No fingerprint found in SDP", §8 pitfall 11); refuse it here.
 * Bare LF endings are turned into CRLF.
 */
export const ZSdpSchema = z
  .string()
  .min(10)
  .max(20_000)
  .refine((s) => s.startsWith("v=0"), "an SDP starts with v=0")
  .refine((s) => !s.includes("\\r\\n") && !s.includes("\\n"), "the SDP is escaped twice (contains \\r\\n as text)")
  .transform((s) => {
    const crlf = s.replace(/\r?\n/g, "\r\n");
    return crlf.endsWith("\r\n") ? crlf : `${crlf}\r\n`;
  });

const ZOpaque = z.string().max(512).optional();

export const ZCallAnswerInputSchema = z
  .object({ phoneNumberId: ZId, callId: ZId, sdp: ZSdpSchema, bizOpaqueCallbackData: ZOpaque })
  .strict();
export type TCallAnswerInput = z.input<typeof ZCallAnswerInputSchema>;

export const ZCallIdInputSchema = z.object({ phoneNumberId: ZId, callId: ZId }).strict();
export type TCallIdInput = z.input<typeof ZCallIdInputSchema>;

/** WhatsApp ids are digits only (E.164 without "+"). */
const ZWaId = z.string().regex(/^\d{6,15}$/, "a WhatsApp id is 6–15 digits, no +");

export const ZConnectInputSchema = z
  .object({
    phoneNumberId: ZId,
    /** The user's WhatsApp id; or `recipient` (a business-scoped user id, 2026). `to` wins if both. */
    to: ZWaId.optional(),
    recipient: z.string().min(1).max(128).optional(),
    sdp: ZSdpSchema,
    bizOpaqueCallbackData: ZOpaque,
  })
  .strict()
  .refine((v) => v.to !== undefined || v.recipient !== undefined, { message: "to or recipient is required", path: ["to"] });
export type TConnectInput = z.input<typeof ZConnectInputSchema>;

export const ZPermissionRequestInputSchema = z
  .object({ phoneNumberId: ZId, to: ZWaId, bodyText: z.string().min(1).max(1024).optional() })
  .strict();
export type TPermissionRequestInput = z.input<typeof ZPermissionRequestInputSchema>;

const DAYS = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"] as const;

/**
 * DOC CONFLICT (§6.2): Meta shows times as "0400" and "04:00". We accept both and send "HHMM",
 * the form used in Meta's JSON sample.
 */
const ZTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):?[0-5]\d$/, "time is HHMM or HH:MM")
  .transform((t) => t.replace(":", ""));

export const ZCallingSettingsInputSchema = z
  .object({
    enabled: z.boolean().optional(),
    callIconVisibility: z.enum(["DEFAULT", "DISABLE_ALL"]).optional(),
    /** ISO country codes of users who see the call icon; [] = no restriction (Dec 2025). */
    restrictToUserCountries: z.array(z.string().regex(/^[A-Z]{2}$/)).optional(),
    callbackPermission: z.boolean().optional(),
    callHours: z
      .object({
        enabled: z.boolean(),
        timezoneId: z.string().min(1).max(64),
        weekly: z.array(z.object({ day: z.enum(DAYS), open: ZTime, close: ZTime }).strict()).max(14).default([]),
        /** Dates as YYYY-MM-DD (Meta's examples; a table says DD-MM-YYYY — DOC CONFLICT §6.2). */
        holidays: z
          .array(z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), start: ZTime, end: ZTime }).strict())
          .max(20, "at most 20 holiday overrides")
          .default([]),
      })
      .strict()
      .superRefine((hours, ctx) => {
        if (hours.enabled && hours.weekly.length === 0) ctx.addIssue({ code: "custom", message: "call hours need at least one weekly range", path: ["weekly"] });
        for (const day of DAYS) {
          const ranges = hours.weekly.filter((r) => r.day === day).sort((a, b) => a.open.localeCompare(b.open));
          if (ranges.length > 2) ctx.addIssue({ code: "custom", message: `${day}: at most 2 ranges per day`, path: ["weekly"] });
          for (const r of ranges) if (r.open >= r.close) ctx.addIssue({ code: "custom", message: `${day}: open ${r.open} is not before close ${r.close}`, path: ["weekly"] });
          for (let i = 1; i < ranges.length; i++) {
            if (ranges[i].open < ranges[i - 1].close) ctx.addIssue({ code: "custom", message: `${day}: ranges overlap`, path: ["weekly"] });
          }
        }
      })
      .optional(),
  })
  .strict();
export type TCallingSettingsInput = z.input<typeof ZCallingSettingsInputSchema>;

function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const r = schema.safeParse(input);
  if (!r.success) {
    throw new AppError("INVALID_INPUT", {
      message: `calling request: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
      details: r.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  }
  return r.data;
}

// ── builders (pure) ──────────────────────────────────────────────────────────────────────────────

function callsPath(phoneNumberId: string): string {
  return `/${phoneNumberId}/calls`;
}

/**
 * `pre_accept` — answer SDP before the agent picks up, so ICE/DTLS completes early and the caller
 * does not lose the first words. `sdp_type` is "answer": Meta's parameter table says "offer", but
 * "answer" is what works in production (§6.3 DOC CONFLICT, §8 pitfall 8).
 */
export function buildPreAcceptRequest(input: Omit<TCallAnswerInput, "bizOpaqueCallbackData">): GraphRequest {
  const v = parseInput(ZCallAnswerInputSchema, input);
  return {
    method: "POST",
    path: callsPath(v.phoneNumberId),
    body: { messaging_product: "whatsapp", call_id: v.callId, action: "pre_accept", session: { sdp_type: "answer", sdp: v.sdp } },
  };
}

/** `accept` — must carry the same SDP as pre_accept; media toward the caller starts after its 200 OK. */
export function buildAcceptRequest(input: TCallAnswerInput): GraphRequest {
  const v = parseInput(ZCallAnswerInputSchema, input);
  return {
    method: "POST",
    path: callsPath(v.phoneNumberId),
    body: {
      messaging_product: "whatsapp",
      call_id: v.callId,
      action: "accept",
      session: { sdp_type: "answer", sdp: v.sdp },
      ...(v.bizOpaqueCallbackData !== undefined ? { biz_opaque_callback_data: v.bizOpaqueCallbackData } : {}),
    },
  };
}

/** `reject` — refuse a user-initiated call that was not accepted; a terminate webhook follows. */
export function buildRejectRequest(input: TCallIdInput): GraphRequest {
  const v = parseInput(ZCallIdInputSchema, input);
  return { method: "POST", path: callsPath(v.phoneNumberId), body: { messaging_product: "whatsapp", call_id: v.callId, action: "reject" } };
}

/** `terminate` — end a call; send it even after RTCP BYE (Meta bills on it). Not needed when the user hung up. */
export function buildTerminateRequest(input: TCallIdInput): GraphRequest {
  const v = parseInput(ZCallIdInputSchema, input);
  return { method: "POST", path: callsPath(v.phoneNumberId), body: { messaging_product: "whatsapp", call_id: v.callId, action: "terminate" } };
}

/**
 * `connect` — start a business-initiated call with our SDP offer (`setup:actpass`). Meta answers
 * with `{ calls: [{ id }] }`; its SDP answer comes later in the `connect` webhook. There is no
 * `accept` step for these calls (§6.4).
 */
export function buildConnectRequest(input: TConnectInput): GraphRequest {
  const v = parseInput(ZConnectInputSchema, input);
  return {
    method: "POST",
    path: callsPath(v.phoneNumberId),
    body: {
      messaging_product: "whatsapp",
      ...(v.to !== undefined ? { to: v.to } : { recipient: v.recipient }),
      action: "connect",
      session: { sdp_type: "offer", sdp: v.sdp },
      ...(v.bizOpaqueCallbackData !== undefined ? { biz_opaque_callback_data: v.bizOpaqueCallbackData } : {}),
    },
  };
}

/** `GET call_permissions` for one user (limited to 5 requests/second → 613). */
export function buildCallPermissionsRequest(input: { phoneNumberId: string; userWaId: string }): GraphRequest {
  const v = parseInput(z.object({ phoneNumberId: ZId, userWaId: ZWaId }).strict(), input);
  return { method: "GET", path: `/${v.phoneNumberId}/call_permissions?user_wa_id=${encodeURIComponent(v.userWaId)}` };
}

/**
 * The free-form call permission request (interactive `call_permission_request`), valid inside the
 * 24-hour window; body optional, no header or footer (§6.6). Outside the window use a template
 * with a `call_permission_request` component instead.
 */
export function buildCallPermissionRequestMessage(input: TPermissionRequestInput): GraphRequest {
  const v = parseInput(ZPermissionRequestInputSchema, input);
  return {
    method: "POST",
    path: `/${v.phoneNumberId}/messages`,
    body: {
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: v.to,
      type: "interactive",
      interactive: {
        type: "call_permission_request",
        action: { name: "call_permission_request" },
        ...(v.bodyText !== undefined ? { body: { text: v.bodyText } } : {}),
      },
    },
  };
}

/**
 * `POST /{phone-number-id}/settings` with the `calling` block. Only the given fields are sent.
 * `call_hours` replaces Meta's stored hours wholesale (omitting `holiday_schedule` clears it), so
 * it is always sent complete.
 */
export function buildCallingSettingsRequest(input: { phoneNumberId: string; settings: TCallingSettingsInput }): GraphRequest {
  const phoneNumberId = parseInput(ZId, input.phoneNumberId);
  const s = parseInput(ZCallingSettingsInputSchema, input.settings);
  const calling: Record<string, unknown> = {};
  if (s.enabled !== undefined) calling.status = s.enabled ? "ENABLED" : "DISABLED";
  if (s.callIconVisibility !== undefined) calling.call_icon_visibility = s.callIconVisibility;
  if (s.restrictToUserCountries !== undefined) calling.call_icons = { restrict_to_user_countries: s.restrictToUserCountries };
  if (s.callHours !== undefined) {
    calling.call_hours = {
      status: s.callHours.enabled ? "ENABLED" : "DISABLED",
      timezone_id: s.callHours.timezoneId,
      weekly_operating_hours: s.callHours.weekly.map((r) => ({ day_of_week: r.day, open_time: r.open, close_time: r.close })),
      holiday_schedule: s.callHours.holidays.map((h) => ({ date: h.date, start_time: h.start, end_time: h.end })),
    };
  }
  if (s.callbackPermission !== undefined) calling.callback_permission_status = s.callbackPermission ? "ENABLED" : "DISABLED";
  if (Object.keys(calling).length === 0) throw new AppError("INVALID_INPUT", { userMessage: "No calling setting to change." });
  return { method: "POST", path: `/${phoneNumberId}/settings`, body: { calling } };
}

export function buildGetCallingSettingsRequest(input: { phoneNumberId: string }): GraphRequest {
  return { method: "GET", path: `/${parseInput(ZId, input.phoneNumberId)}/settings` };
}

// ── responses ────────────────────────────────────────────────────────────────────────────────────

export const ZCallActionResponseSchema = z.looseObject({ messaging_product: z.literal("whatsapp").optional(), success: z.literal(true) });

export const ZConnectResponseSchema = z.looseObject({
  messaging_product: z.literal("whatsapp").optional(),
  calls: z.array(z.looseObject({ id: z.string().min(1) })).min(1),
});

const ZLimit = z.looseObject({
  time_period: z.string(),
  max_allowed: z.number(),
  current_usage: z.number(),
  limit_expiration_time: z.number().optional(),
});

export const ZCallPermissionsResponseSchema = z.looseObject({
  messaging_product: z.literal("whatsapp").optional(),
  permission: z.looseObject({ status: z.enum(["no_permission", "temporary", "permanent"]), expiration_time: z.number().optional() }),
  actions: z
    .array(z.looseObject({ action_name: z.string(), can_perform_action: z.boolean(), limits: z.array(ZLimit).optional() }))
    .default([]),
});

export const ZMessageSendResponseSchema = z.looseObject({
  messaging_product: z.literal("whatsapp").optional(),
  messages: z.array(z.looseObject({ id: z.string().min(1) })).min(1),
});

export const ZCallingSettingsResponseSchema = z.looseObject({
  calling: z
    .looseObject({
      status: z.enum(["ENABLED", "DISABLED"]).optional(),
      call_icon_visibility: z.string().optional(),
      callback_permission_status: z.enum(["ENABLED", "DISABLED"]).optional(),
      call_hours: z.looseObject({ status: z.enum(["ENABLED", "DISABLED"]).optional(), timezone_id: z.string().optional() }).optional(),
      restrictions: z
        .looseObject({ restrictions_list: z.array(z.looseObject({ type: z.string(), reason: z.string().optional(), expiration: z.number().optional() })).optional() })
        .optional(),
    })
    .optional(),
});

export interface TCallPermissions {
  status: "no_permission" | "temporary" | "permanent";
  /** When a temporary permission ends (7 days after approval). */
  expiresAt: Date | null;
  canRequestPermission: boolean;
  canStartCall: boolean;
  /** Why an action is blocked: the limits Meta reports, with when they reset. */
  limits: { action: string; period: string; max: number; used: number; resetsAt: Date | null }[];
}

/** Meta's call_permissions answer → what the UI and the dialler need. */
export function mapCallPermissions(body: z.output<typeof ZCallPermissionsResponseSchema>): TCallPermissions {
  const action = (name: string) => body.actions.find((a) => a.action_name === name);
  return {
    status: body.permission.status,
    expiresAt: body.permission.expiration_time !== undefined ? new Date(body.permission.expiration_time * 1000) : null,
    canRequestPermission: action("send_call_permission_request")?.can_perform_action ?? false,
    canStartCall: action("start_call")?.can_perform_action ?? false,
    limits: body.actions.flatMap((a) =>
      (a.limits ?? []).map((l) => ({
        action: a.action_name,
        period: l.time_period,
        max: l.max_allowed,
        used: l.current_usage,
        resetsAt: l.limit_expiration_time !== undefined ? new Date(l.limit_expiration_time * 1000) : null,
      })),
    ),
  };
}

/**
 * Turn a Graph answer into the parsed body, or throw: Meta's error object → AppError through
 * calling-errors (PROVIDER_ERROR / RATE_LIMITED with Meta's text); a 2xx that does not match the
 * expected shape → PROVIDER_ERROR.
 */
export function handleGraphResponse<T extends z.ZodType>(response: GraphResponse, schema: T, what: string): z.output<T> {
  const body = response.body as { error?: MetaErrorLike } | null | undefined;
  if (response.status >= 400 || (body && typeof body === "object" && body.error)) {
    const metaError = body && typeof body === "object" && body.error && typeof body.error === "object" ? body.error : {};
    throw callingErrorToAppError(describeCallingError(metaError), response.status);
  }
  const r = schema.safeParse(response.body);
  if (!r.success) {
    throw new AppError("PROVIDER_ERROR", {
      message: `${what}: unexpected Graph response (HTTP ${response.status}): ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
      userMessage: "WhatsApp returned an unexpected response.",
    });
  }
  return r.data;
}

// ── client ───────────────────────────────────────────────────────────────────────────────────────

export interface CallingApi {
  preAccept(input: { callId: string; sdp: string }): Promise<void>;
  accept(input: { callId: string; sdp: string; bizOpaqueCallbackData?: string }): Promise<void>;
  reject(input: { callId: string }): Promise<void>;
  terminate(input: { callId: string }): Promise<void>;
  connect(input: { to?: string; recipient?: string; sdp: string; bizOpaqueCallbackData?: string }): Promise<{ callId: string }>;
  getCallPermissions(input: { userWaId: string }): Promise<TCallPermissions>;
  sendCallPermissionRequest(input: { to: string; bodyText?: string }): Promise<{ messageId: string }>;
  getSettings(): Promise<z.output<typeof ZCallingSettingsResponseSchema>>;
  updateSettings(settings: TCallingSettingsInput): Promise<void>;
}

/** The Calling API for one business phone number, over any Graph transport. */
export function createCallingApi(options: { phoneNumberId: string; transport: GraphTransport }): CallingApi {
  const { phoneNumberId, transport } = options;
  const send = (req: GraphRequest) => (req.method === "GET" ? transport.get(req.path) : transport.post(req.path, req.body));
  // Methods are async so bad input always rejects the promise rather than throwing synchronously.
  const action = async (req: GraphRequest, what: string) => {
    handleGraphResponse(await send(req), ZCallActionResponseSchema, what);
  };
  return {
    preAccept: async (i) => action(buildPreAcceptRequest({ phoneNumberId, ...i }), "pre_accept"),
    accept: async (i) => action(buildAcceptRequest({ phoneNumberId, ...i }), "accept"),
    reject: async (i) => action(buildRejectRequest({ phoneNumberId, ...i }), "reject"),
    terminate: async (i) => action(buildTerminateRequest({ phoneNumberId, ...i }), "terminate"),
    async connect(i) {
      const body = handleGraphResponse(await send(buildConnectRequest({ phoneNumberId, ...i })), ZConnectResponseSchema, "connect");
      return { callId: body.calls[0].id };
    },
    async getCallPermissions(i) {
      const req = buildCallPermissionsRequest({ phoneNumberId, userWaId: i.userWaId });
      return mapCallPermissions(handleGraphResponse(await send(req), ZCallPermissionsResponseSchema, "call_permissions"));
    },
    async sendCallPermissionRequest(i) {
      const req = buildCallPermissionRequestMessage({ phoneNumberId, ...i });
      const body = handleGraphResponse(await send(req), ZMessageSendResponseSchema, "call_permission_request");
      return { messageId: body.messages[0].id };
    },
    async getSettings() {
      return handleGraphResponse(await send(buildGetCallingSettingsRequest({ phoneNumberId })), ZCallingSettingsResponseSchema, "settings");
    },
    async updateSettings(settings) {
      handleGraphResponse(await send(buildCallingSettingsRequest({ phoneNumberId, settings })), z.looseObject({ success: z.literal(true) }), "settings");
    },
  };
}
