import "server-only";
import { getDb } from "@/lib/core/db";
import type { Logger } from "@/lib/core/logger";
import { publish } from "@/lib/events/bus";
import { PermanentJobError } from "@/lib/jobs/permanent-job-error";
import { readBlob } from "@/lib/media-store/file-store";
import { GraphApiError } from "@/lib/whatsapp/graph-client";
import type { TMediaKind, TSendResult, TTemplateComponent, WhatsAppProvider } from "@/lib/whatsapp/provider";
import { bodyParameterNames, headerParameterNames } from "@/lib/templates/template-parameters";
import type { TSendInteractive } from "./message.schema";
import { providerForNumber } from "./provider-for-number";
import { publishStatusChanged } from "./publish-message-events";

export interface DeliverMessageOptions {
  messageId: string;
  attempt: number;
  maxAttempts: number;
  log: Logger;
}

/**
 * The `whatsapp.send_message` job: one pending message → Graph `POST /messages` (through the
 * number's token bucket) → wamid stored, status `sent`. Idempotent: a message that already has
 * a wamid or left `pending` is not sent again.
 * Errors (reference §5.4): retryable ones (429, 5xx, 130429 throughput, 131056 pair rate) are
 * rethrown so the runner retries with backoff; after the last attempt, or at once for a permanent
 * error, the message is marked `failed` with Meta's code, title and text for the UI. Errors that
 * need an admin (expired token 190 …) also raise `whatsapp.alert` to the workspace's admins.
 */
export async function deliverMessage(o: DeliverMessageOptions): Promise<{ metaId?: string; skipped?: string }> {
  const db = await getDb();
  const msg = await db.message.findUnique({
    where: { id: o.messageId },
    include: { contact: { select: { waId: true } }, conversation: { select: { phoneNumber: true } }, mediaFile: true },
  });
  if (!msg) throw new PermanentJobError(`Message ${o.messageId} no longer exists`);
  if (msg.metaId || msg.status !== "pending") return { skipped: `status ${msg.status}` };
  const phone = msg.conversation.phoneNumber;
  if (!phone) {
    await markFailed(msg.workspaceId, msg.id, msg.conversationId, { code: null, title: "No WhatsApp number", message: "The conversation has no number to send from." });
    throw new PermanentJobError("Conversation without a phone number");
  }
  const provider = providerForNumber(phone);
  const content = (msg.content ?? {}) as Record<string, unknown>;
  const to = msg.contact.waId;
  try {
    const result = await sendByType(provider, db, msg, content, to);
    const { count } = await db.message.updateMany({ where: { id: msg.id, status: "pending" }, data: { metaId: result.metaId, status: "sent", statusAt: new Date() } });
    if (count === 1) await publishStatusChanged(msg.workspaceId, { messageId: msg.id, conversationId: msg.conversationId, status: "sent", error: null });
    return { metaId: result.metaId };
  } catch (err) {
    if (!(err instanceof GraphApiError)) {
      if (o.attempt >= o.maxAttempts) await markFailed(msg.workspaceId, msg.id, msg.conversationId, { code: null, title: "Not sent", message: err instanceof Error ? err.message : String(err) });
      throw err;
    }
    const m = err.mapped;
    if (m.adminAlert) {
      await publish({
        type: "whatsapp.alert",
        workspaceId: msg.workspaceId,
        audience: { roles: ["admin"] },
        data: { code: m.code, cause: m.cause, message: m.userText, phoneNumberId: phone.phoneNumberId },
      }).catch((e: unknown) => o.log.error({ err: e }, "whatsapp.alert publish failed"));
    }
    if (m.retryable && o.attempt < o.maxAttempts) throw err;
    await markFailed(msg.workspaceId, msg.id, msg.conversationId, {
      code: m.code,
      title: m.meta.title ?? m.meta.message ?? "Not sent",
      message: m.meta.details ?? m.meta.message ?? m.userText,
    });
    if (m.retryable) throw err; // last attempt: the runner dead-letters it
    throw new PermanentJobError(`Meta refused the message: [${m.code}] ${m.userText}`, { cause: err });
  }
}

async function markFailed(workspaceId: string, id: string, conversationId: string, error: { code: number | null; title: string | null; message: string | null }): Promise<void> {
  const db = await getDb();
  const { count } = await db.message.updateMany({
    where: { id, status: "pending" },
    data: { status: "failed", statusAt: new Date(), errorCode: error.code, errorTitle: error.title, errorMessage: error.message },
  });
  if (count === 1) await publishStatusChanged(workspaceId, { messageId: id, conversationId, status: "failed", error });
}

type Db = Awaited<ReturnType<typeof getDb>>;
type Msg = NonNullable<Awaited<ReturnType<Db["message"]["findUnique"]>>> & {
  mediaFile: { id: string; storageKey: string; mime: string; filename: string | null; metaMediaId: string | null } | null;
};

async function sendByType(provider: WhatsAppProvider, db: Db, msg: Msg, content: Record<string, unknown>, to: string): Promise<TSendResult> {
  const replyToMetaId = msg.replyToMetaId ?? undefined;
  switch (msg.type) {
    case "text":
      return provider.sendText({ to, body: msg.body ?? "", replyToMetaId, previewUrl: /https?:\/\//.test(msg.body ?? "") });
    case "image":
    case "audio":
    case "video":
    case "document":
    case "sticker": {
      const file = msg.mediaFile;
      if (!file) throw new PermanentJobError("The media file of this message is gone");
      // Upload once (Meta keeps uploaded media 30 days) and remember the id on the file.
      let mediaId = file.metaMediaId;
      if (!mediaId) {
        mediaId = (await provider.uploadMedia({ bytes: await readBlob(file.storageKey), mimeType: file.mime, filename: file.filename ?? undefined })).mediaId;
        await db.mediaFile.update({ where: { id: file.id }, data: { metaMediaId: mediaId } });
      }
      return provider.sendMedia({
        to,
        replyToMetaId,
        kind: msg.type as TMediaKind,
        mediaId,
        caption: typeof content.caption === "string" ? content.caption : undefined,
        filename: typeof content.filename === "string" ? content.filename : undefined,
      });
    }
    case "template": {
      const params = (content.parameters ?? {}) as { body?: string[]; header?: string[] };
      const named = content.parameterFormat === "NAMED" || content.parameterFormat === "named";
      const t = await db.messageTemplate.findUnique({ where: { workspaceId_name_language: { workspaceId: msg.workspaceId, name: String(content.name), language: String(content.language) } } });
      const comps = Array.isArray(t?.components) ? (t.components as unknown[]) : [];
      const components: TTemplateComponent[] = [];
      const toParams = (values: string[] | undefined, names: string[]) =>
        (values ?? []).map((text, i) => ({ type: "text" as const, text, ...(named && names[i] ? { parameter_name: names[i] } : {}) }));
      if (params.header?.length) components.push({ type: "header", parameters: toParams(params.header, headerParameterNames(comps)) });
      if (params.body?.length) components.push({ type: "body", parameters: toParams(params.body, bodyParameterNames(comps)) });
      return provider.sendTemplate({ to, name: String(content.name), language: String(content.language), ...(components.length ? { components } : {}) });
    }
    case "reaction":
      return provider.sendReaction({ to, messageId: String(content.targetMetaId), emoji: typeof content.emoji === "string" ? content.emoji : "" });
    case "interactive": {
      const i = content.interactive as TSendInteractive | undefined;
      if (!i) throw new PermanentJobError("Interactive message without its content");
      const frame = { to, replyToMetaId, body: i.body, ...(i.header ? { header: i.header } : {}), ...(i.footer ? { footer: i.footer } : {}) };
      return i.kind === "list" ? provider.sendInteractiveList({ ...frame, buttonText: i.button, sections: i.sections }) : provider.sendInteractiveButtons({ ...frame, buttons: i.buttons });
    }
    case "location":
      return provider.sendLocation({
        to,
        latitude: Number(content.latitude),
        longitude: Number(content.longitude),
        name: typeof content.name === "string" ? content.name : undefined,
        address: typeof content.address === "string" ? content.address : undefined,
      });
    default:
      throw new PermanentJobError(`Messages of type ${msg.type} are not sent`);
  }
}
