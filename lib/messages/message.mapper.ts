import type { MediaFile, Message } from "@prisma/client";
import type { TMessageDto } from "./message.schema";

export type TMessageRow = Message & { mediaFile: Pick<MediaFile, "id" | "mime" | "filename" | "size"> | null };

export const MESSAGE_DTO_INCLUDE = { mediaFile: { select: { id: true, mime: true, filename: true, size: true } } } as const;

/** Everything the mapper cannot read off the row: resolved reply target and sender names. */
export interface TMessageLookups {
  /** wamid → our message id, for replies. */
  idByMetaId: Map<string, string>;
  /** user id → name. */
  userNames: Map<string, string>;
}

export function mediaFileUrl(mediaFileId: string): string {
  return `/api/media-files/${mediaFileId}`;
}

function reactionsOf(raw: unknown): TMessageDto["reactions"] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((r) => {
    const x = r as { emoji?: unknown; direction?: unknown };
    return typeof x.emoji === "string" && x.emoji && (x.direction === "inbound" || x.direction === "outbound")
      ? [{ emoji: x.emoji, direction: x.direction }]
      : [];
  });
}

export function toMessageDto(m: TMessageRow, lookups: TMessageLookups): TMessageDto {
  const content = (m.content && typeof m.content === "object" && !Array.isArray(m.content) ? m.content : {}) as Record<string, unknown>;
  const replyFromContent = typeof content.replyToMessageId === "string" ? content.replyToMessageId : null;
  return {
    id: m.id,
    conversationId: m.conversationId,
    direction: m.direction,
    type: m.type,
    body: m.body,
    content,
    media: m.mediaFile
      ? { url: mediaFileUrl(m.mediaFile.id), mime: m.mediaFile.mime, filename: m.mediaFile.filename, size: m.mediaFile.size }
      : null,
    metaId: m.metaId,
    status: m.status,
    error:
      m.errorCode !== null || m.errorTitle !== null || m.errorMessage !== null
        ? { code: m.errorCode, title: m.errorTitle, message: m.errorMessage }
        : null,
    replyToMessageId: replyFromContent ?? (m.replyToMetaId ? (lookups.idByMetaId.get(m.replyToMetaId) ?? null) : null),
    reactions: reactionsOf(m.reactions),
    sender: m.senderUserId ? { id: m.senderUserId, name: lookups.userNames.get(m.senderUserId) ?? "Unknown" } : null,
    createdAt: m.createdAt.toISOString(),
  };
}
