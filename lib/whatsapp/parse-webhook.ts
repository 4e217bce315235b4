import { AppError } from "@/lib/core/app-error";
import {
  type TEventContact,
  type TEventError,
  type TInboundMessage,
  type TKnownInboundType,
  type TMessageContent,
  type TWebhookEvent,
  KNOWN_INBOUND_TYPES,
  ZCallSchema,
  ZCallStatusSchema,
  ZChangeValueSchema,
  ZInboundMessageBaseSchema,
  ZInboundTypePayloads,
  ZMessageStatusSchema,
  ZMetaErrorSchema,
  ZWebhookContactSchema,
  ZWebhookEnvelopeSchema,
} from "./webhook.schema";
import type { z } from "zod";

/**
 * Turn one webhook delivery into a flat list of normalised events.
 *
 * Meta batches: several `entry`, several `changes`, several messages/statuses per change (§1.2) —
 * everything is iterated, never `[0]`. Message and call statuses share the `statuses` key; only
 * `field` and `statuses[].type === "call"` tell them apart (§8 pitfall 7).
 *
 * Throws AppError(INVALID_INPUT) only when the envelope itself is not a WhatsApp delivery. Inside a
 * valid envelope nothing throws: a part that does not match its schema becomes an `unknown` event
 * with the raw part, and an unknown message type becomes a message of type "unsupported".
 */
export function parseWebhook(json: unknown): TWebhookEvent[] {
  const envelope = ZWebhookEnvelopeSchema.safeParse(json);
  if (!envelope.success) {
    throw new AppError("INVALID_INPUT", {
      message: "Not a WhatsApp Business Account webhook delivery",
      userMessage: "Not a WhatsApp Business Account webhook delivery.",
      details: envelope.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  }
  const events: TWebhookEvent[] = [];
  for (const entry of envelope.data.entry) {
    for (const change of entry.changes) {
      events.push(...parseChange(change.field, change.value));
    }
  }
  return events;
}

function parseChange(field: string, value: unknown): TWebhookEvent[] {
  if (field !== "messages" && field !== "calls") {
    // message_template_status_update, account_update, … : stored raw, handled (or not) elsewhere.
    return [{ kind: "unknown", field, reason: "unhandled field", raw: value }];
  }
  const parsed = ZChangeValueSchema.safeParse(value);
  if (!parsed.success) return [{ kind: "unknown", field, reason: "value without metadata.phone_number_id", raw: value }];
  const v = parsed.data;
  const phoneNumberId = v.metadata.phone_number_id;
  const contacts = (v.contacts ?? []).flatMap((c) => {
    const r = ZWebhookContactSchema.safeParse(c);
    return r.success ? [r.data] : [];
  });
  const events: TWebhookEvent[] = [];

  for (const m of v.messages ?? []) events.push(parseMessage(field, phoneNumberId, m, contacts));

  for (const s of v.statuses ?? []) {
    const isCall = field === "calls" || (typeof s === "object" && s !== null && (s as { type?: unknown }).type === "call");
    events.push(isCall ? parseCallStatus(field, phoneNumberId, s) : parseStatus(field, phoneNumberId, s));
  }

  for (const c of v.calls ?? []) events.push(parseCall(field, phoneNumberId, c, contacts));

  if (v.errors && v.errors.length > 0 && !(v.calls && v.calls.length > 0)) {
    // Call terminate webhooks duplicate their errors at value level; those live on the call event.
    events.push({ kind: "error", phoneNumberId, field, errors: toErrors(v.errors), raw: v.errors });
  }
  return events;
}

type TContactRaw = z.infer<typeof ZWebhookContactSchema>;

function toContact(c: TContactRaw | undefined, fallback: { waId?: string; userId?: string }): TEventContact {
  const waId = c?.wa_id ?? fallback.waId;
  const contact: TEventContact = {};
  if (waId) {
    contact.waId = waId;
    contact.phone = `+${waId.replace(/^\+/, "")}`;
  }
  const userId = c?.user_id ?? fallback.userId;
  if (userId) contact.userId = userId;
  if (c?.parent_user_id) contact.parentUserId = c.parent_user_id;
  if (c?.profile?.username) contact.username = c.profile.username;
  if (c?.profile?.name) contact.name = c.profile.name;
  return contact;
}

function findContact(contacts: TContactRaw[], from?: string, fromUserId?: string): TContactRaw | undefined {
  return (
    contacts.find((c) => (from && c.wa_id === from) || (fromUserId && c.user_id === fromUserId)) ??
    (contacts.length === 1 ? contacts[0] : undefined)
  );
}

function toErrors(list: unknown[] | undefined): TEventError[] {
  return (list ?? []).flatMap((e) => {
    const r = ZMetaErrorSchema.safeParse(e);
    if (!r.success) return [];
    const code = Number(r.data.code);
    const out: TEventError = { code: Number.isFinite(code) ? code : -1 };
    if (r.data.title !== undefined) out.title = r.data.title;
    if (r.data.message !== undefined) out.message = r.data.message;
    if (r.data.error_data?.details !== undefined) out.details = r.data.error_data.details;
    if (r.data.href !== undefined) out.href = r.data.href;
    return [out];
  });
}

const toDate = (unixSeconds: string) => new Date(Number(unixSeconds) * 1000);

function parseMessage(field: string, phoneNumberId: string, raw: unknown, contacts: TContactRaw[]): TWebhookEvent {
  const base = ZInboundMessageBaseSchema.safeParse(raw);
  if (!base.success) return { kind: "unknown", field, reason: "message without id/timestamp/type", raw };
  const m = base.data;
  const contactRaw = findContact(contacts, m.from, m.from_user_id);
  const contact = toContact(contactRaw, { waId: m.from, userId: m.from_user_id });

  let type: TInboundMessage["type"];
  let content: TMessageContent;
  if ((KNOWN_INBOUND_TYPES as string[]).includes(m.type)) {
    const t = m.type as TKnownInboundType;
    const payload = ZInboundTypePayloads[t].safeParse((raw as Record<string, unknown>)[t]);
    if (!payload.success) return { kind: "unknown", field, reason: `malformed ${t} message`, raw };
    type = t;
    content = toContent(t, payload.data);
  } else {
    // "unsupported" (Meta could not render it: edits, polls, …) and any type this code does not know yet.
    const unsupported = (raw as { unsupported?: { type?: unknown } }).unsupported;
    type = "unsupported";
    content = {
      kind: "unsupported",
      originalType: m.type,
      errors: toErrors(m.errors),
      ...(typeof unsupported?.type === "string" ? { unsupportedType: unsupported.type } : {}),
    };
  }

  const message: TInboundMessage = { metaId: m.id, type, timestamp: toDate(m.timestamp), content, raw };
  const body = bodyOf(content);
  if (body !== undefined) message.body = body;
  // Reactions point at their target in reaction.message_id; `context` is the quoted/replied-to message.
  if (m.context?.id) message.replyToMetaId = m.context.id;
  if (m.context?.forwarded || m.context?.frequently_forwarded) message.forwarded = true;
  return { kind: "message", phoneNumberId, contact, message, dedupeKey: m.id };
}

function toContent(type: TKnownInboundType, p: unknown): TMessageContent {
  switch (type) {
    case "text":
      return { kind: "text", text: (p as z.infer<(typeof ZInboundTypePayloads)["text"]>).body };
    case "image":
    case "video":
    case "audio":
    case "document":
    case "sticker": {
      const d = p as z.infer<(typeof ZInboundTypePayloads)["document"]> & { voice?: boolean; animated?: boolean };
      const c: TMessageContent = { kind: "media", mediaId: d.id };
      if (d.mime_type) c.mimeType = d.mime_type;
      if (d.sha256) c.sha256 = d.sha256;
      if (d.caption) c.caption = d.caption;
      if (d.filename) c.filename = d.filename;
      if (d.url) c.url = d.url;
      if (typeof d.voice === "boolean") c.voice = d.voice;
      if (typeof d.animated === "boolean") c.animated = d.animated;
      return c;
    }
    case "location": {
      const l = p as z.infer<(typeof ZInboundTypePayloads)["location"]>;
      return { kind: "location", latitude: l.latitude, longitude: l.longitude, name: l.name, address: l.address, url: l.url };
    }
    case "contacts": {
      const list = p as z.infer<(typeof ZInboundTypePayloads)["contacts"]>;
      return {
        kind: "contacts",
        contacts: list.map((c) => ({
          name: c.name?.formatted_name ?? ([c.name?.first_name, c.name?.last_name].filter(Boolean).join(" ") || undefined),
          phones: (c.phones ?? []).map((ph) => ({ phone: ph.phone, waId: ph.wa_id, type: ph.type })),
          emails: (c.emails ?? []).flatMap((e) => (e.email ? [e.email] : [])),
          org: c.org?.company,
        })),
      };
    }
    case "interactive": {
      const i = p as z.infer<(typeof ZInboundTypePayloads)["interactive"]>;
      const reply = i.button_reply ?? i.list_reply;
      const c: Extract<TMessageContent, { kind: "interactive" }> = { kind: "interactive", replyType: i.type };
      if (reply) {
        c.id = reply.id;
        c.title = reply.title;
      }
      if (i.list_reply?.description) c.description = i.list_reply.description;
      if (i.nfm_reply) {
        c.title = i.nfm_reply.body ?? i.nfm_reply.name;
        c.responseJson = i.nfm_reply.response_json;
      }
      if (i.call_permission_reply) {
        const r = i.call_permission_reply;
        c.permission = {
          response: r.response,
          isPermanent: r.is_permanent,
          expiresAt: r.expiration_timestamp ? toDate(r.expiration_timestamp) : undefined,
          source: r.response_source,
        };
      }
      return c;
    }
    case "button": {
      const b = p as z.infer<(typeof ZInboundTypePayloads)["button"]>;
      return { kind: "button", payload: b.payload, text: b.text };
    }
    case "reaction": {
      const r = p as z.infer<(typeof ZInboundTypePayloads)["reaction"]>;
      // `emoji` is omitted when the user removes their reaction.
      return { kind: "reaction", targetMetaId: r.message_id, emoji: r.emoji ? r.emoji : null };
    }
    case "order": {
      const o = p as z.infer<(typeof ZInboundTypePayloads)["order"]>;
      return {
        kind: "order",
        catalogId: o.catalog_id,
        text: o.text,
        items: o.product_items.map((i) => ({
          productRetailerId: i.product_retailer_id,
          quantity: i.quantity,
          itemPrice: i.item_price,
          currency: i.currency,
        })),
      };
    }
    case "system": {
      const s = p as z.infer<(typeof ZInboundTypePayloads)["system"]>;
      // user_changed_number: `wa_id` (or `new_wa_id` in older payloads) is the user's new number.
      return { kind: "system", systemType: s.type, body: s.body, newWaId: s.wa_id ?? s.new_wa_id };
    }
  }
}

function bodyOf(c: TMessageContent): string | undefined {
  switch (c.kind) {
    case "text":
      return c.text;
    case "media":
      return c.caption;
    case "location":
      return c.name ?? c.address;
    case "contacts":
      return c.contacts.map((x) => x.name).filter(Boolean).join(", ") || undefined;
    case "interactive":
      return c.title ?? c.permission?.response;
    case "button":
      return c.text;
    case "reaction":
      return c.emoji ?? undefined;
    case "order":
      return c.text;
    case "system":
      return c.body;
    case "unsupported":
      return undefined;
  }
}

function parseStatus(field: string, phoneNumberId: string, raw: unknown): TWebhookEvent {
  const r = ZMessageStatusSchema.safeParse(raw);
  if (!r.success) return { kind: "unknown", field, reason: "unrecognised status", raw };
  const s = r.data;
  const errors = toErrors(s.errors);
  const event: Extract<TWebhookEvent, { kind: "status" }> = {
    kind: "status",
    phoneNumberId,
    metaId: s.id,
    status: s.status,
    timestamp: toDate(s.timestamp),
    errors,
    raw,
    dedupeKey: `${s.id}:${s.status}`,
  };
  if (s.recipient_id) event.recipientId = s.recipient_id;
  if (s.recipient_user_id) event.recipientUserId = s.recipient_user_id;
  if (errors[0]) event.error = errors[0];
  if (s.pricing)
    event.pricing = { category: s.pricing.category, pricingModel: s.pricing.pricing_model, type: s.pricing.type, billable: s.pricing.billable };
  if (s.biz_opaque_callback_data) event.bizOpaqueCallbackData = s.biz_opaque_callback_data;
  return event;
}

function parseCallStatus(field: string, phoneNumberId: string, raw: unknown): TWebhookEvent {
  const r = ZCallStatusSchema.safeParse(raw);
  if (!r.success) return { kind: "unknown", field, reason: "unrecognised call status", raw };
  const s = r.data;
  return {
    kind: "call_status",
    phoneNumberId,
    callId: s.id,
    status: s.status.toUpperCase(),
    timestamp: toDate(s.timestamp),
    ...(s.recipient_id ? { recipientId: s.recipient_id } : {}),
    ...(s.biz_opaque_callback_data ? { bizOpaqueCallbackData: s.biz_opaque_callback_data } : {}),
    raw,
    dedupeKey: `${s.id}:${s.status.toUpperCase()}`,
  };
}

function parseCall(field: string, phoneNumberId: string, raw: unknown, contacts: TContactRaw[]): TWebhookEvent {
  const r = ZCallSchema.safeParse(raw);
  if (!r.success) return { kind: "unknown", field, reason: "unrecognised call", raw };
  const c = r.data;
  // For user-initiated calls the user is `from`; for business-initiated ones the user is `to`.
  const userNumber = c.direction === "BUSINESS_INITIATED" ? c.to : c.from;
  const contactRaw = findContact(contacts, userNumber, c.from_user_id);
  const errors = toErrors(c.errors);
  const event: Extract<TWebhookEvent, { kind: "call" }> = {
    kind: "call",
    phoneNumberId,
    callId: c.id,
    event: c.event,
    timestamp: toDate(c.timestamp),
    raw,
    dedupeKey: `${c.id}:${c.event}`,
  };
  if (contactRaw || userNumber) event.contact = toContact(contactRaw, { waId: userNumber, userId: c.from_user_id });
  if (c.direction) event.direction = c.direction;
  if (c.from) event.from = c.from;
  if (c.from_user_id) event.fromUserId = c.from_user_id;
  if (c.to) event.to = c.to;
  if (c.session) {
    event.sdpType = c.session.sdp_type;
    event.sdp = c.session.sdp;
  }
  if (c.status) event.status = c.status.toUpperCase();
  if (c.start_time) event.startTime = toDate(c.start_time);
  if (c.end_time) event.endTime = toDate(c.end_time);
  if (c.duration !== undefined) event.durationSeconds = c.duration;
  if (errors[0]) event.error = errors[0];
  if (c.biz_opaque_callback_data) event.bizOpaqueCallbackData = c.biz_opaque_callback_data;
  if (c.deeplink_payload) event.deeplinkPayload = c.deeplink_payload;
  if (c.cta_payload) event.ctaPayload = c.cta_payload;
  return event;
}
