import "server-only";
import type { Prisma } from "@prisma/client";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { afterCursor, encodeCursor } from "@/lib/conversations/page-cursor";
import { MESSAGE_DTO_INCLUDE } from "./message.mapper";
import { messageDtos } from "./message-dtos";
import type { TMessageListQuery, TMessagePage } from "./message.schema";

/** A conversation's thread, newest first (the UI reverses), keyset-paginated. Reactions show on their targets, not as bubbles. */
export async function findMessages(options: { workspaceId: string; conversationId: string; query: TMessageListQuery }): Promise<TMessagePage> {
  const db = await getDb();
  const conv = await db.conversation.findFirst({ where: { id: options.conversationId, workspaceId: options.workspaceId }, select: { id: true } });
  if (!conv) throw new AppError("NOT_FOUND", { userMessage: "Conversation not found." });
  const and: Prisma.MessageWhereInput[] = [{ conversationId: conv.id, type: { not: "reaction" } }];
  const after = afterCursor("createdAt", options.query.cursor);
  if (after) and.push(after as Prisma.MessageWhereInput);
  const rows = await db.message.findMany({
    where: { AND: and },
    include: MESSAGE_DTO_INCLUDE,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: options.query.limit + 1,
  });
  const page = rows.slice(0, options.query.limit);
  const last = page[page.length - 1];
  return { data: await messageDtos(page), nextCursor: rows.length > options.query.limit && last ? encodeCursor(last.createdAt, last.id) : null };
}
