import type { TAsyncError, TSandboxOptions, TSimUser } from "./store";

/** Builders for Meta-shaped webhook deliveries (reference §1.2, §2.1, §2.2). Pure. */

export type TWebhookValue = Record<string, unknown>;

export function envelope(options: TSandboxOptions, field: string, value: TWebhookValue): Record<string, unknown> {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: options.wabaId,
        changes: [
          {
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: options.displayPhoneNumber, phone_number_id: options.phoneNumberId },
              ...value,
            },
            field,
          },
        ],
      },
    ],
  };
}

/** contacts[] entry: wa_id omitted for username users who hide their number (2026); user_id always present. */
export function contactOf(user: TSimUser): Record<string, unknown> {
  const profile: Record<string, unknown> = { name: user.name };
  if (user.username) profile.username = user.username;
  const c: Record<string, unknown> = { profile };
  if (user.waId && !user.hidePhone) c.wa_id = user.waId;
  c.user_id = user.userId;
  return c;
}

export function inboundMessageValue(user: TSimUser, message: Record<string, unknown>): TWebhookValue {
  const m: Record<string, unknown> = {};
  if (user.waId && !user.hidePhone) m.from = user.waId;
  m.from_user_id = user.userId;
  Object.assign(m, message);
  return { contacts: [contactOf(user)], messages: [m] };
}

export const unixSeconds = (ms: number): string => String(Math.floor(ms / 1000));

/** Graph versions before v24.0 still carry a per-message `conversation` object on statuses (§2.2). */
export function versionBefore24(version: string | undefined): boolean {
  const n = Number(/^v(\d+)\./.exec(version ?? "")?.[1]);
  return Number.isFinite(n) && n < 24;
}

export interface TStatusInput {
  wamid: string;
  status: "sent" | "delivered" | "read" | "failed";
  at: number;
  user: TSimUser | null;
  /** `to` as the app sent it, for unknown recipients. */
  rawRecipient?: string;
  error?: TAsyncError;
  bizOpaqueCallbackData?: string;
  category?: string;
  apiVersion?: string;
}

export function statusObject(s: TStatusInput): Record<string, unknown> {
  const o: Record<string, unknown> = { id: s.wamid, status: s.status, timestamp: unixSeconds(s.at) };
  if (s.user) {
    if (s.user.waId && !s.user.hidePhone) o.recipient_id = s.user.waId;
    o.recipient_user_id = s.user.userId;
  } else if (s.rawRecipient) {
    o.recipient_id = s.rawRecipient.replace(/[^\d]/g, "");
  }
  if (s.bizOpaqueCallbackData) o.biz_opaque_callback_data = s.bizOpaqueCallbackData;
  if (s.status === "failed") {
    // Failed statuses carry errors[] and normally no pricing/conversation.
    o.errors = [s.error];
    return o;
  }
  if (s.status === "sent" || s.status === "delivered") {
    const category = s.category ?? "service";
    if (versionBefore24(s.apiVersion)) {
      o.conversation = { id: s.wamid.slice(-32).replace(/[^A-Za-z0-9]/g, "0"), expiration_timestamp: unixSeconds(s.at + 86_400_000), origin: { type: category } };
    }
    o.pricing = { billable: category !== "service", pricing_model: "PMP", type: category === "service" ? "free_customer_service" : "regular", category };
  }
  return o;
}
