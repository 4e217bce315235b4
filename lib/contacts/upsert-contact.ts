import "server-only";
import { randomUUID } from "node:crypto";
import type { Prisma } from "@prisma/client";
import type { TEventContact } from "@/lib/whatsapp/webhook.schema";

export interface UpsertContactResult {
  id: string;
  created: boolean;
}

/**
 * Insert-or-update the contact a webhook names, keyed by (workspace, waId), as one atomic
 * `INSERT … ON CONFLICT DO UPDATE`: it cannot fail on a concurrent insert, and it leaves the
 * contact row locked until the transaction ends — which is what serialises the processing of
 * concurrent deliveries for the same customer (one conversation, messages in order).
 *
 * 2026 usernames: users who hide their number arrive with only a business-scoped user id (BSUID);
 * it then serves as the waId, and the phone stays null. Names only overwrite when Meta sends one.
 */
export async function upsertContact(tx: Prisma.TransactionClient, workspaceId: string, c: TEventContact): Promise<UpsertContactResult | null> {
  const waId = c.waId ?? c.userId;
  if (!waId) return null;
  const attributes = c.userId ? JSON.stringify({ bsuid: c.userId }) : "{}";
  const rows = await tx.$queryRawUnsafe<{ id: string; inserted: boolean }[]>(
    `INSERT INTO "Contact" ("id", "workspaceId", "waId", "phone", "username", "name", "attributes", "createdAt", "updatedAt")
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, now(), now())
     ON CONFLICT ("workspaceId", "waId") DO UPDATE SET
       "phone" = COALESCE(EXCLUDED."phone", "Contact"."phone"),
       "username" = COALESCE(EXCLUDED."username", "Contact"."username"),
       "name" = COALESCE(EXCLUDED."name", "Contact"."name"),
       "attributes" = "Contact"."attributes" || EXCLUDED."attributes",
       "updatedAt" = now()
     RETURNING "id", (xmax = 0) AS "inserted"`,
    randomUUID(),
    workspaceId,
    waId,
    c.phone ?? null,
    c.username ?? null,
    c.name ?? null,
    attributes,
  );
  const row = rows[0];
  return { id: row.id, created: row.inserted };
}
