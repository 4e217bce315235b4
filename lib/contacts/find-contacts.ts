import "server-only";
import type { Prisma } from "@prisma/client";
import { getDb } from "@/lib/core/db";
import { afterCursor, encodeCursor } from "@/lib/conversations/page-cursor";
import { CONTACT_DTO_SELECT, toContactDto } from "./contact.mapper";
import type { TContactDto, TContactListQuery } from "./contact.schema";

/** Contacts, newest first; `q` searches name, username, phone and wa id. */
export async function findContacts(options: { workspaceId: string; query: TContactListQuery }): Promise<{ data: TContactDto[]; nextCursor: string | null }> {
  const db = await getDb();
  const { q, cursor, limit } = options.query;
  const and: Prisma.ContactWhereInput[] = [{ workspaceId: options.workspaceId }];
  if (q) {
    const digits = q.replace(/[^\d]/g, "");
    const or: Prisma.ContactWhereInput[] = [
      { name: { contains: q, mode: "insensitive" } },
      { username: { contains: q.replace(/^@/, ""), mode: "insensitive" } },
    ];
    if (digits.length >= 3) or.push({ phone: { contains: digits } }, { waId: { contains: digits } });
    and.push({ OR: or });
  }
  const after = afterCursor("createdAt", cursor);
  if (after) and.push(after as Prisma.ContactWhereInput);
  const rows = await db.contact.findMany({
    where: { AND: and },
    select: { ...CONTACT_DTO_SELECT, createdAt: true },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { data: page.map(toContactDto), nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null };
}
