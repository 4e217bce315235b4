import { GraphApiError, GraphClient } from "./graph-client";
import { type TWhatsAppConfig } from "./config";
import { TokenBucket, bucketFor } from "./token-bucket";
import type {
  TCallAnswerInput,
  TConnectCallInput,
  TContactCard,
  TDownloadedMedia,
  TMarkReadInput,
  TMediaInfo,
  TPhoneNumberInfo,
  TSendBase,
  TSendButtonsInput,
  TSendListInput,
  TSendLocationInput,
  TSendMediaInput,
  TSendReactionInput,
  TSendResult,
  TSendTemplateInput,
  TTemplate,
  TTemplatePage,
  TUploadMediaInput,
  WhatsAppProvider,
} from "./provider";

/** BSUIDs look like "US.13491208655302741918": ISO country code, a dot, up to 128 alphanumerics (§2.1, 2026). */
const BSUID = /^[A-Z]{2}\.[A-Za-z0-9]{1,128}$/;

interface SendResponse {
  messaging_product: "whatsapp";
  contacts?: { input: string; wa_id?: string; user_id?: string }[];
  messages: { id: string; message_status?: string }[];
}

interface MediaUrlResponse {
  id: string;
  url: string;
  mime_type: string;
  sha256?: string;
  file_size?: string | number;
}

interface TemplateListResponse {
  data: { id: string; name: string; language: string; status: string; category: string; parameter_format?: string; components?: unknown[] }[];
  paging?: { cursors?: { before?: string; after?: string }; next?: string };
}

export interface CloudApiProviderOptions {
  client: GraphClient;
  phoneNumberId: string;
  wabaId: string;
  /** Awaited before every send; defaults to the process-wide bucket for this number (80 msg/s). */
  bucket?: TokenBucket;
}

export class CloudApiProvider implements WhatsAppProvider {
  readonly phoneNumberId: string;
  readonly wabaId: string;
  private readonly client: GraphClient;
  private readonly bucket: TokenBucket;

  constructor(options: CloudApiProviderOptions) {
    this.client = options.client;
    this.phoneNumberId = options.phoneNumberId;
    this.wabaId = options.wabaId;
    this.bucket = options.bucket ?? bucketFor(options.phoneNumberId);
  }

  /** The provider for the default workspace number from the environment (sandbox or real). */
  static fromConfig(config: TWhatsAppConfig, options: { timeoutMs?: number; fetch?: typeof fetch } = {}): CloudApiProvider {
    const client = new GraphClient({ baseUrl: config.graphUrl, version: config.apiVersion, accessToken: config.accessToken, ...options });
    return new CloudApiProvider({ client, phoneNumberId: config.phoneNumberId, wabaId: config.wabaId });
  }

  // ---- messages (reference §2.3) ---------------------------------------------------------------

  private envelope(base: TSendBase, type: string): Record<string, unknown> {
    const to = base.to.trim();
    const body: Record<string, unknown> = { messaging_product: "whatsapp", recipient_type: "individual" };
    // 2026: sending to a BSUID uses `recipient` instead of `to`.
    if (BSUID.test(to)) body.recipient = to;
    else body.to = to;
    if (base.replyToMetaId) body.context = { message_id: base.replyToMetaId };
    if (base.bizOpaqueCallbackData) body.biz_opaque_callback_data = base.bizOpaqueCallbackData;
    body.type = type;
    return body;
  }

  private async send(body: Record<string, unknown>): Promise<TSendResult> {
    await this.bucket.acquire();
    const res = await this.client.post<SendResponse>(`${this.phoneNumberId}/messages`, { json: body });
    const msg = res.messages?.[0];
    if (!msg?.id) {
      throw new GraphApiError(
        { code: -1, cause: "unknown", retryable: false, adminAlert: false, userText: "WhatsApp accepted the request but returned no message id", meta: {} },
        { path: "messages" },
      );
    }
    const result: TSendResult = { metaId: msg.id };
    const waId = res.contacts?.[0]?.wa_id;
    if (waId) result.waId = waId;
    if (msg.message_status) result.messageStatus = msg.message_status;
    return result;
  }

  sendText(input: TSendBase & { body: string; previewUrl?: boolean }): Promise<TSendResult> {
    const body = this.envelope(input, "text");
    body.text = { body: input.body, preview_url: input.previewUrl ?? false };
    return this.send(body);
  }

  sendMedia(input: TSendMediaInput): Promise<TSendResult> {
    const body = this.envelope(input, input.kind);
    const media: Record<string, unknown> = input.mediaId ? { id: input.mediaId } : { link: input.link };
    // Captions exist on image, video and document; filename on document; voice on audio (§2.3).
    if (input.caption && (input.kind === "image" || input.kind === "video" || input.kind === "document")) media.caption = input.caption;
    if (input.filename && input.kind === "document") media.filename = input.filename;
    if (input.voice && input.kind === "audio") media.voice = true;
    body[input.kind] = media;
    return this.send(body);
  }

  sendLocation(input: TSendLocationInput): Promise<TSendResult> {
    const body = this.envelope(input, "location");
    const location: Record<string, unknown> = { latitude: input.latitude, longitude: input.longitude };
    if (input.name) location.name = input.name;
    if (input.address) location.address = input.address;
    body.location = location;
    return this.send(body);
  }

  sendContacts(input: TSendBase & { contacts: TContactCard[] }): Promise<TSendResult> {
    const body = this.envelope(input, "contacts");
    body.contacts = input.contacts;
    return this.send(body);
  }

  private interactiveFrame(input: { header?: string; body: string; footer?: string }): Record<string, unknown> {
    const frame: Record<string, unknown> = {};
    if (input.header) frame.header = { type: "text", text: input.header };
    frame.body = { text: input.body };
    if (input.footer) frame.footer = { text: input.footer };
    return frame;
  }

  sendInteractiveButtons(input: TSendButtonsInput): Promise<TSendResult> {
    const body = this.envelope(input, "interactive");
    body.interactive = {
      type: "button",
      ...this.interactiveFrame(input),
      action: { buttons: input.buttons.map((b) => ({ type: "reply", reply: { id: b.id, title: b.title } })) },
    };
    return this.send(body);
  }

  sendInteractiveList(input: TSendListInput): Promise<TSendResult> {
    const body = this.envelope(input, "interactive");
    body.interactive = {
      type: "list",
      ...this.interactiveFrame(input),
      action: {
        button: input.buttonText,
        sections: input.sections.map((s) => ({
          ...(s.title ? { title: s.title } : {}),
          rows: s.rows.map((r) => ({ id: r.id, title: r.title, ...(r.description ? { description: r.description } : {}) })),
        })),
      },
    };
    return this.send(body);
  }

  sendReaction(input: TSendReactionInput): Promise<TSendResult> {
    // Reactions cannot carry `context` (§2.3).
    const body = this.envelope({ to: input.to }, "reaction");
    body.reaction = { message_id: input.messageId, emoji: input.emoji };
    return this.send(body);
  }

  sendTemplate(input: TSendTemplateInput): Promise<TSendResult> {
    const body = this.envelope(input, "template");
    const template: Record<string, unknown> = { name: input.name, language: { code: input.language } };
    if (input.components && input.components.length > 0) template.components = input.components;
    body.template = template;
    return this.send(body);
  }

  async markRead(input: TMarkReadInput): Promise<void> {
    // Same endpoint, no `type`; also marks every earlier message in the thread read (§2.4).
    const body: Record<string, unknown> = { messaging_product: "whatsapp", status: "read", message_id: input.messageId };
    if (input.typing) body.typing_indicator = { type: "text" };
    await this.client.post<{ success: boolean }>(`${this.phoneNumberId}/messages`, { json: body });
  }

  // ---- media (§4) ------------------------------------------------------------------------------

  async uploadMedia(input: TUploadMediaInput): Promise<{ mediaId: string }> {
    const form = new FormData();
    form.set("messaging_product", "whatsapp");
    form.set("type", input.mimeType);
    const blob = new Blob([new Uint8Array(input.bytes)], { type: input.mimeType });
    form.set("file", blob, input.filename ?? "file");
    const res = await this.client.post<{ id: string }>(`${this.phoneNumberId}/media`, { form, timeoutMs: 120_000 });
    return { mediaId: res.id };
  }

  async getMediaUrl(mediaId: string): Promise<TMediaInfo> {
    const res = await this.client.get<MediaUrlResponse>(encodeURIComponent(mediaId), { query: { phone_number_id: this.phoneNumberId } });
    const info: TMediaInfo = { id: res.id, url: res.url, mimeType: res.mime_type };
    if (res.sha256) info.sha256 = res.sha256;
    if (res.file_size !== undefined) info.fileSize = Number(res.file_size);
    return info;
  }

  async downloadMedia(url: string): Promise<TDownloadedMedia> {
    const { bytes, contentType } = await this.client.download(url, 120_000);
    return { bytes, mimeType: contentType };
  }

  async fetchMedia(mediaId: string): Promise<TDownloadedMedia & { info: TMediaInfo }> {
    const info = await this.getMediaUrl(mediaId);
    try {
      return { ...(await this.downloadMedia(info.url)), info };
    } catch (err) {
      // The URL lives 5 minutes; an expired one answers 404. Fetch a fresh URL once (§4.2).
      if (!(GraphApiError.is(err) && err.httpStatus === 404)) throw err;
      const fresh = await this.getMediaUrl(mediaId);
      return { ...(await this.downloadMedia(fresh.url)), info: fresh };
    }
  }

  async deleteMedia(mediaId: string): Promise<void> {
    await this.client.delete(encodeURIComponent(mediaId), { query: { phone_number_id: this.phoneNumberId } });
  }

  // ---- templates and number (§3.3, §5.3) -------------------------------------------------------

  async listTemplates(options: { status?: string; limit?: number; after?: string } = {}): Promise<TTemplatePage> {
    const res = await this.client.get<TemplateListResponse>(`${this.wabaId}/message_templates`, {
      query: {
        fields: "id,name,language,status,category,parameter_format,components",
        limit: options.limit ?? 100,
        status: options.status,
        after: options.after,
      },
    });
    const page: TTemplatePage = {
      data: res.data.map(
        (t): TTemplate => ({
          id: t.id,
          name: t.name,
          language: t.language,
          status: t.status,
          category: t.category,
          components: t.components ?? [],
          ...(t.parameter_format ? { parameterFormat: t.parameter_format } : {}),
        }),
      ),
    };
    // Meta only includes `next` when there is another page; the `after` cursor is present either way.
    if (res.paging?.next && res.paging.cursors?.after) page.nextCursor = res.paging.cursors.after;
    return page;
  }

  async syncTemplates(): Promise<TTemplate[]> {
    const all: TTemplate[] = [];
    let after: string | undefined;
    for (let i = 0; i < 100; i++) {
      const page = await this.listTemplates({ after });
      all.push(...page.data);
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    return all;
  }

  async getPhoneNumber(): Promise<TPhoneNumberInfo> {
    const res = await this.client.get<{
      id: string;
      display_phone_number: string;
      verified_name?: string;
      quality_rating?: string;
      throughput?: { level?: string };
    }>(this.phoneNumberId, { query: { fields: "id,display_phone_number,verified_name,quality_rating,throughput" } });
    const info: TPhoneNumberInfo = { id: res.id, displayPhoneNumber: res.display_phone_number };
    if (res.verified_name) info.verifiedName = res.verified_name;
    if (res.quality_rating) info.qualityRating = res.quality_rating;
    if (res.throughput?.level) info.throughputLevel = res.throughput.level;
    return info;
  }

  // ---- calls (§6.3–§6.5) -----------------------------------------------------------------------

  private callAction(body: Record<string, unknown>): Promise<{ success?: boolean; calls?: { id: string }[] }> {
    return this.client.post(`${this.phoneNumberId}/calls`, { json: { messaging_product: "whatsapp", ...body } });
  }

  async connectCall(input: TConnectCallInput): Promise<{ callId: string }> {
    const target = BSUID.test(input.to) ? { recipient: input.to } : { to: input.to };
    const res = await this.callAction({
      ...target,
      action: "connect",
      session: { sdp_type: "offer", sdp: input.sdpOffer },
      ...(input.bizOpaqueCallbackData ? { biz_opaque_callback_data: input.bizOpaqueCallbackData } : {}),
    });
    const id = res.calls?.[0]?.id;
    if (!id) {
      throw new GraphApiError(
        { code: -1, cause: "unknown", retryable: false, adminAlert: false, userText: "WhatsApp returned no call id", meta: {} },
        { path: "calls" },
      );
    }
    return { callId: id };
  }

  async preAcceptCall(input: TCallAnswerInput): Promise<void> {
    // sdp_type is "answer" — the docs' parameter table says "offer", production says "answer" (§6.3, §8 pitfall 8).
    await this.callAction({ call_id: input.callId, action: "pre_accept", session: { sdp_type: "answer", sdp: input.sdp } });
  }

  async acceptCall(input: TCallAnswerInput): Promise<void> {
    await this.callAction({
      call_id: input.callId,
      action: "accept",
      session: { sdp_type: "answer", sdp: input.sdp },
      ...(input.bizOpaqueCallbackData ? { biz_opaque_callback_data: input.bizOpaqueCallbackData } : {}),
    });
  }

  async rejectCall(callId: string): Promise<void> {
    await this.callAction({ call_id: callId, action: "reject" });
  }

  async terminateCall(callId: string): Promise<void> {
    await this.callAction({ call_id: callId, action: "terminate" });
  }
}
