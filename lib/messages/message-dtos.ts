import "server-only";
import type { Prisma } from "@prisma/client";
import { getDb } from "@/lib/core/db";
import { MESSAGE_DTO_INCLUDE, toMessageDto, type TMessageRow } from "./message.mapper";
import type { TMessageDto } from "./message.schema";

type Client = Prisma.TransactionClient;

/** Maps rows to DTOs with the two lookups they need (reply targets, sender names) in two queries. */
export async function messageDtos(rows: TMessageRow[], db?: Client): Promise<TMessageDto[]> {
  const client = db ?? (await getDb());
  const metaIds = [...new Set(rows.flatMap((r) => (r.replyToMetaId ? [r.replyToMetaId] : [])))];
  const userIds = [...new Set(rows.flatMap((r) => (r.senderUserId ? [r.senderUserId] : [])))];
  const [targets, users] = await Promise.all([
    metaIds.length && rows[0]
      ? client.message.findMany({ where: { workspaceId: rows[0].workspaceId, metaId: { in: metaIds } }, select: { id: true, metaId: true } })
      : Promise.resolve([]),
    userIds.length ? client.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }) : Promise.resolve([]),
  ]);
  const lookups = {
    idByMetaId: new Map(targets.map((t) => [t.metaId!, t.id])),
    userNames: new Map(users.map((u) => [u.id, u.name])),
  };
  return rows.map((r) => toMessageDto(r, lookups));
}

export async function messageDtoById(id: string, db?: Client): Promise<TMessageDto> {
  const client = db ?? (await getDb());
  const row = await client.message.findUniqueOrThrow({ where: { id }, include: MESSAGE_DTO_INCLUDE });
  return (await messageDtos([row], client))[0];
}
