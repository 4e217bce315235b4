import "server-only";
import type { Prisma } from "@prisma/client";
import { getDb } from "@/lib/core/db";
import { CONVERSATION_DTO_INCLUDE, toConversationDto } from "./conversation.mapper";
import type { TConversationDto, TConversationListQuery } from "./conversation.schema";
import { afterCursor, encodeCursor } from "./page-cursor";

export interface FindConversationsOptions {
  workspaceId: string;
  /** The caller, for assignee=me (null for an API key without a user). */
  userId: string | null;
  query: TConversationListQuery;
}

/**
 * The inbox list: newest `lastMessageAt` first, keyset-paginated. Search is ILIKE over the
 * contact's name, phone, wa id and username and over message text (EXISTS on Message).
 */
export async function findConversations(options: FindConversationsOptions): Promise<{ data: TConversationDto[]; nextCursor: string | null }> {
  const db = await getDb();
  const { query: q, workspaceId } = options;
  const and: Prisma.ConversationWhereInput[] = [{ workspaceId }];
  if (q.status === "open") and.push({ status: { in: ["open", "pending"] } });
  else if (q.status === "resolved") and.push({ status: "resolved" });
  if (q.assignee === "me") and.push({ assigneeId: options.userId ?? "__none__" });
  else if (q.assignee === "unassigned") and.push({ assigneeId: null });
  else if (q.assignee !== "all") and.push({ assigneeId: q.assignee });
  if (q.unread) and.push({ unreadCount: { gt: 0 } });
  if (q.label) and.push({ labels: { has: q.label } });
  if (q.phone) {
    const digits = q.phone.replace(/[^\d]/g, "");
    if (digits) and.push({ contact: { OR: [{ phone: { contains: digits } }, { waId: { contains: digits } }] } });
  }
  if (q.q) {
    const text = q.q;
    const digits = text.replace(/[^\d]/g, "");
    const or: Prisma.ConversationWhereInput[] = [
      { contact: { name: { contains: text, mode: "insensitive" } } },
      { contact: { username: { contains: text.replace(/^@/, ""), mode: "insensitive" } } },
      { messages: { some: { body: { contains: text, mode: "insensitive" }, type: { not: "note" } } } },
    ];
    if (digits.length >= 3) or.push({ contact: { phone: { contains: digits } } }, { contact: { waId: { contains: digits } } });
    and.push({ OR: or });
  }
  const after = afterCursor("lastMessageAt", q.cursor);
  if (after) and.push(after as Prisma.ConversationWhereInput);
  const rows = await db.conversation.findMany({
    where: { AND: and },
    include: CONVERSATION_DTO_INCLUDE,
    orderBy: [{ lastMessageAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    data: page.map(toConversationDto),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.lastMessageAt, last.id) : null,
  };
}
