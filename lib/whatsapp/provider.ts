/**
 * The channel adapter (CONVENTIONS §7): everything the app asks of a WhatsApp number, with no
 * provider branches elsewhere. CloudApiProvider implements it over Meta's Graph API (and, in sandbox
 * mode, over lib/sandbox, which speaks the same wire format).
 *
 * Every send resolves when Meta *accepted* the message (wamid), not when it was delivered: 131047,
 * 131026, 131049 … arrive later as `failed` status webhooks (reference §3.1, §8 pitfall 4).
 * Failures throw GraphApiError (graph-client.ts) with the mapped cause, `retryable` and
 * `retryAfterMs`; retrying is the job runner's decision.
 */

/** Who to send to: a phone number (E.164, "+" optional) or a 2026 business-scoped user id (BSUID). */
export interface TSendBase {
  to: string;
  /** Quote/reply to this wamid (`context.message_id`); not allowed for reactions. */
  replyToMetaId?: string;
  /** Echoed back on status webhooks (≤ 512 chars). */
  bizOpaqueCallbackData?: string;
}

export interface TSendResult {
  metaId: string;
  /** The wa_id Meta resolved the recipient to (absent when sending to a BSUID). */
  waId?: string;
  /** Only for templates under pacing: accepted | held_for_quality_assessment. */
  messageStatus?: string;
}

export type TMediaKind = "image" | "audio" | "video" | "document" | "sticker";

export type TSendMediaInput = TSendBase & {
  kind: TMediaKind;
  caption?: string;
  filename?: string;
  /** audio only: render as a voice note. */
  voice?: boolean;
} & ({ mediaId: string; link?: never } | { link: string; mediaId?: never });

export interface TSendLocationInput extends TSendBase {
  latitude: number;
  longitude: number;
  name?: string;
  address?: string;
}

/** A contact card in Meta's shape (name.formatted_name is required). */
export interface TContactCard {
  name: { formatted_name: string; first_name?: string; last_name?: string };
  phones?: { phone: string; type?: string; wa_id?: string }[];
  emails?: { email: string; type?: string }[];
  org?: { company?: string; department?: string; title?: string };
  urls?: { url: string; type?: string }[];
}

export interface TInteractiveFrame {
  header?: string;
  body: string;
  footer?: string;
}

export interface TSendButtonsInput extends TSendBase, TInteractiveFrame {
  /** 1–3 reply buttons, titles ≤ 20 characters. */
  buttons: { id: string; title: string }[];
}

export interface TSendListInput extends TSendBase, TInteractiveFrame {
  buttonText: string;
  sections: { title?: string; rows: { id: string; title: string; description?: string }[] }[];
}

export interface TSendReactionInput {
  to: string;
  messageId: string;
  /** Empty string removes the reaction. */
  emoji: string;
}

export interface TTemplateParameter {
  type: "text" | "currency" | "date_time" | "image" | "video" | "document" | "payload" | "location";
  /** Named-parameter templates only ({{first_name}}). */
  parameter_name?: string;
  text?: string;
  payload?: string;
  image?: { id?: string; link?: string };
  video?: { id?: string; link?: string };
  document?: { id?: string; link?: string; filename?: string };
  currency?: { fallback_value: string; code: string; amount_1000: number };
  date_time?: { fallback_value: string };
}

export interface TTemplateComponent {
  type: "header" | "body" | "button";
  sub_type?: "quick_reply" | "url" | "copy_code" | "flow";
  index?: string;
  parameters: TTemplateParameter[];
}

export interface TSendTemplateInput extends TSendBase {
  name: string;
  /** Must match the approved locale exactly ("en" ≠ "en_US" → 132001). */
  language: string;
  components?: TTemplateComponent[];
}

export interface TMarkReadInput {
  messageId: string;
  /** Also show "typing…" (cleared on the next message or after 25 s). */
  typing?: boolean;
}

export interface TUploadMediaInput {
  bytes: Uint8Array;
  mimeType: string;
  filename?: string;
}

export interface TMediaInfo {
  id: string;
  url: string;
  mimeType: string;
  sha256?: string;
  fileSize?: number;
}

export interface TDownloadedMedia {
  bytes: Buffer;
  mimeType: string;
}

export interface TTemplate {
  id: string;
  name: string;
  language: string;
  status: string;
  category: string;
  parameterFormat?: string;
  components: unknown[];
}

export interface TTemplatePage {
  data: TTemplate[];
  nextCursor?: string;
}

export interface TPhoneNumberInfo {
  id: string;
  displayPhoneNumber: string;
  verifiedName?: string;
  qualityRating?: string;
  throughputLevel?: string;
}

export interface TCallAnswerInput {
  callId: string;
  /** Our SDP answer (accept must carry the same SDP as pre_accept). */
  sdp: string;
  bizOpaqueCallbackData?: string;
}

export interface TConnectCallInput {
  to: string;
  sdpOffer: string;
  bizOpaqueCallbackData?: string;
}

export interface WhatsAppProvider {
  readonly phoneNumberId: string;

  sendText(input: TSendBase & { body: string; previewUrl?: boolean }): Promise<TSendResult>;
  sendMedia(input: TSendMediaInput): Promise<TSendResult>;
  sendLocation(input: TSendLocationInput): Promise<TSendResult>;
  sendContacts(input: TSendBase & { contacts: TContactCard[] }): Promise<TSendResult>;
  sendInteractiveButtons(input: TSendButtonsInput): Promise<TSendResult>;
  sendInteractiveList(input: TSendListInput): Promise<TSendResult>;
  sendReaction(input: TSendReactionInput): Promise<TSendResult>;
  sendTemplate(input: TSendTemplateInput): Promise<TSendResult>;
  markRead(input: TMarkReadInput): Promise<void>;

  uploadMedia(input: TUploadMediaInput): Promise<{ mediaId: string }>;
  getMediaUrl(mediaId: string): Promise<TMediaInfo>;
  /** Download from a URL returned by getMediaUrl (or an inbound webhook's `url`). */
  downloadMedia(url: string): Promise<TDownloadedMedia>;
  /** getMediaUrl + download, refreshing the URL once if it expired in between. */
  fetchMedia(mediaId: string): Promise<TDownloadedMedia & { info: TMediaInfo }>;
  deleteMedia(mediaId: string): Promise<void>;

  listTemplates(options?: { status?: string; limit?: number; after?: string }): Promise<TTemplatePage>;
  /** Every template of the WABA (all pages). */
  syncTemplates(): Promise<TTemplate[]>;
  getPhoneNumber(): Promise<TPhoneNumberInfo>;

  connectCall(input: TConnectCallInput): Promise<{ callId: string }>;
  preAcceptCall(input: TCallAnswerInput): Promise<void>;
  acceptCall(input: TCallAnswerInput): Promise<void>;
  rejectCall(callId: string): Promise<void>;
  terminateCall(callId: string): Promise<void>;
}
