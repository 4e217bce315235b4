import { z } from "zod";

/**
 * Zod schemas for Meta's webhook deliveries (reference §1.2, §2.1, §2.2, §6.3–§6.5) and the
 * normalised events parse-webhook.ts turns them into.
 *
 * Objects are loose (unknown keys kept): Meta adds fields without notice (e.g. the 2026 BSUID
 * fields), and the raw payload is stored next to the normalised event anyway.
 */

const ts = z.union([z.string(), z.number()]).transform((v) => String(v));

export const ZMetaErrorSchema = z.looseObject({
  code: z.union([z.number(), z.string()]),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.looseObject({ details: z.string().optional() }).nullish(),
  href: z.string().optional(),
});
export type TMetaError = z.infer<typeof ZMetaErrorSchema>;

export const ZMetadataSchema = z.looseObject({
  display_phone_number: z.string().optional(),
  phone_number_id: z.string(),
});

/** contacts[]: `wa_id` may be omitted for username users (2026); `user_id` is the BSUID. */
export const ZWebhookContactSchema = z.looseObject({
  wa_id: z.string().optional(),
  user_id: z.string().optional(),
  parent_user_id: z.string().optional(),
  profile: z.looseObject({ name: z.string().optional(), username: z.string().optional() }).optional(),
  identity_key_hash: z.string().optional(),
});

const media = z.looseObject({
  id: z.string(),
  mime_type: z.string().optional(),
  sha256: z.string().optional(),
  caption: z.string().optional(),
  url: z.string().optional(),
});

export const ZInboundTypePayloads = {
  text: z.looseObject({ body: z.string() }),
  image: media,
  video: media,
  audio: media.extend({ voice: z.boolean().optional() }),
  document: media.extend({ filename: z.string().optional() }),
  sticker: media.extend({ animated: z.boolean().optional() }),
  location: z.looseObject({
    latitude: z.coerce.number(),
    longitude: z.coerce.number(),
    name: z.string().optional(),
    address: z.string().optional(),
    url: z.string().optional(),
  }),
  contacts: z.array(
    z.looseObject({
      name: z.looseObject({ formatted_name: z.string().optional(), first_name: z.string().optional(), last_name: z.string().optional() }).optional(),
      phones: z.array(z.looseObject({ phone: z.string().optional(), wa_id: z.string().optional(), type: z.string().optional() })).optional(),
      emails: z.array(z.looseObject({ email: z.string().optional(), type: z.string().optional() })).optional(),
      org: z.looseObject({ company: z.string().optional() }).optional(),
    }),
  ),
  interactive: z.looseObject({
    type: z.string(),
    button_reply: z.looseObject({ id: z.string(), title: z.string() }).optional(),
    list_reply: z.looseObject({ id: z.string(), title: z.string(), description: z.string().optional() }).optional(),
    nfm_reply: z.looseObject({ name: z.string().optional(), body: z.string().optional(), response_json: z.string().optional() }).optional(),
    call_permission_reply: z
      .looseObject({
        response: z.string(),
        is_permanent: z.boolean().optional(),
        expiration_timestamp: ts.optional(),
        response_source: z.string().optional(),
      })
      .optional(),
  }),
  button: z.looseObject({ payload: z.string().optional(), text: z.string() }),
  reaction: z.looseObject({ message_id: z.string(), emoji: z.string().optional() }),
  order: z.looseObject({
    catalog_id: z.string(),
    text: z.string().optional(),
    product_items: z.array(
      z.looseObject({
        product_retailer_id: z.string(),
        quantity: z.coerce.number(),
        item_price: z.coerce.number(),
        currency: z.string(),
      }),
    ),
  }),
  system: z.looseObject({ body: z.string().optional(), wa_id: z.string().optional(), new_wa_id: z.string().optional(), type: z.string().optional() }),
} as const;

export type TKnownInboundType = keyof typeof ZInboundTypePayloads;
export const KNOWN_INBOUND_TYPES = Object.keys(ZInboundTypePayloads) as TKnownInboundType[];

/** Fields every inbound message has; the type payload is checked separately so one bad part never sinks the rest. */
export const ZInboundMessageBaseSchema = z.looseObject({
  id: z.string(),
  from: z.string().optional(),
  from_user_id: z.string().optional(),
  timestamp: ts,
  type: z.string(),
  context: z
    .looseObject({
      from: z.string().optional(),
      id: z.string().optional(),
      forwarded: z.boolean().optional(),
      frequently_forwarded: z.boolean().optional(),
    })
    .optional(),
  errors: z.array(ZMetaErrorSchema).optional(),
  referral: z.looseObject({}).optional(),
});

export const ZMessageStatusSchema = z.looseObject({
  id: z.string(),
  status: z.enum(["sent", "delivered", "read", "played", "failed"]),
  timestamp: ts,
  recipient_id: z.string().optional(),
  recipient_user_id: z.string().optional(),
  biz_opaque_callback_data: z.string().optional(),
  conversation: z.looseObject({ id: z.string().optional(), expiration_timestamp: ts.optional() }).optional(),
  pricing: z
    .looseObject({ billable: z.boolean().optional(), pricing_model: z.string().optional(), type: z.string().optional(), category: z.string().optional() })
    .optional(),
  errors: z.array(ZMetaErrorSchema).optional(),
});

export const ZCallStatusSchema = z.looseObject({
  id: z.string(),
  type: z.literal("call"),
  status: z.string(),
  timestamp: ts,
  recipient_id: z.string().optional(),
  recipient_user_id: z.string().optional(),
  biz_opaque_callback_data: z.string().optional(),
});

export const ZCallSchema = z.looseObject({
  id: z.string(),
  event: z.string(),
  from: z.string().optional(),
  from_user_id: z.string().optional(),
  to: z.string().optional(),
  timestamp: ts,
  direction: z.string().optional(),
  session: z.looseObject({ sdp_type: z.string(), sdp: z.string() }).optional(),
  status: z.string().optional(),
  start_time: ts.optional(),
  end_time: ts.optional(),
  duration: z.coerce.number().optional(),
  errors: z.array(ZMetaErrorSchema).optional(),
  biz_opaque_callback_data: z.string().optional(),
  deeplink_payload: z.string().optional(),
  cta_payload: z.string().optional(),
});

/** The envelope: `{ object: "whatsapp_business_account", entry: [{ id, changes: [{ field, value }] }] }`. */
export const ZWebhookEnvelopeSchema = z.looseObject({
  object: z.literal("whatsapp_business_account"),
  entry: z.array(
    z.looseObject({
      id: z.string(),
      time: z.number().optional(),
      changes: z.array(z.looseObject({ field: z.string(), value: z.unknown() })),
    }),
  ),
});
export type TWebhookEnvelope = z.infer<typeof ZWebhookEnvelopeSchema>;

/** The `value` of messages/calls changes, parts kept as unknown and parsed one by one. */
export const ZChangeValueSchema = z.looseObject({
  messaging_product: z.string().optional(),
  metadata: ZMetadataSchema,
  contacts: z.array(z.unknown()).optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
  calls: z.array(z.unknown()).optional(),
  errors: z.array(z.unknown()).optional(),
});

// ---- normalised events -------------------------------------------------------------------------

export interface TEventContact {
  /** Phone-number id (digits); absent for 2026 username users Meta hides the number of. */
  waId?: string;
  /** E.164 with "+", derived from waId. */
  phone?: string;
  /** Business-scoped user id (BSUID), e.g. "US.13491208655302741918". */
  userId?: string;
  parentUserId?: string;
  username?: string;
  name?: string;
}

export interface TEventError {
  code: number;
  title?: string;
  message?: string;
  details?: string;
  href?: string;
}

export type TMediaContent = {
  kind: "media";
  mediaId: string;
  mimeType?: string;
  sha256?: string;
  caption?: string;
  filename?: string;
  url?: string;
  voice?: boolean;
  animated?: boolean;
};

export type TMessageContent =
  | { kind: "text"; text: string }
  | TMediaContent
  | { kind: "location"; latitude: number; longitude: number; name?: string; address?: string; url?: string }
  | { kind: "contacts"; contacts: { name?: string; phones: { phone?: string; waId?: string; type?: string }[]; emails: string[]; org?: string }[] }
  | {
      kind: "interactive";
      replyType: string;
      id?: string;
      title?: string;
      description?: string;
      responseJson?: string;
      permission?: { response: string; isPermanent?: boolean; expiresAt?: Date; source?: string };
    }
  | { kind: "button"; payload?: string; text: string }
  | { kind: "reaction"; targetMetaId: string; emoji: string | null }
  | { kind: "order"; catalogId: string; text?: string; items: { productRetailerId: string; quantity: number; itemPrice: number; currency: string }[] }
  | { kind: "system"; systemType?: string; body?: string; newWaId?: string }
  | { kind: "unsupported"; originalType: string; unsupportedType?: string; errors: TEventError[] };

export type TInboundMessageType = TKnownInboundType | "unsupported";

export interface TInboundMessage {
  metaId: string;
  type: TInboundMessageType;
  timestamp: Date;
  /** Human-readable text: the text, caption, button/list title, emoji… */
  body?: string;
  content: TMessageContent;
  replyToMetaId?: string;
  forwarded?: boolean;
  raw: unknown;
}

export type TWebhookEvent =
  | { kind: "message"; phoneNumberId: string; contact: TEventContact; message: TInboundMessage; dedupeKey: string }
  | {
      kind: "status";
      phoneNumberId: string;
      metaId: string;
      status: "sent" | "delivered" | "read" | "played" | "failed";
      timestamp: Date;
      recipientId?: string;
      recipientUserId?: string;
      error?: TEventError;
      errors: TEventError[];
      pricing?: { category?: string; pricingModel?: string; type?: string; billable?: boolean };
      bizOpaqueCallbackData?: string;
      raw: unknown;
      dedupeKey: string;
    }
  | {
      kind: "call";
      phoneNumberId: string;
      callId: string;
      event: string;
      direction?: string;
      from?: string;
      fromUserId?: string;
      to?: string;
      timestamp: Date;
      contact?: TEventContact;
      sdpType?: string;
      sdp?: string;
      status?: string;
      startTime?: Date;
      endTime?: Date;
      durationSeconds?: number;
      error?: TEventError;
      bizOpaqueCallbackData?: string;
      deeplinkPayload?: string;
      ctaPayload?: string;
      raw: unknown;
      dedupeKey: string;
    }
  | {
      kind: "call_status";
      phoneNumberId: string;
      callId: string;
      status: string;
      timestamp: Date;
      recipientId?: string;
      bizOpaqueCallbackData?: string;
      raw: unknown;
      dedupeKey: string;
    }
  | { kind: "error"; phoneNumberId: string; field: string; errors: TEventError[]; raw: unknown }
  | { kind: "unknown"; field: string; reason: string; raw: unknown };
