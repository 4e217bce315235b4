import "server-only";
import type { Actor } from "@/lib/api/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { getDb } from "@/lib/core/db";
import { getPhoneNumberRow } from "./get-phone-number-row";
import { toPhoneNumberDto } from "./phone-number.mapper";
import type { TPhoneNumber } from "./phone-number.schema";

export interface DeletePhoneNumberOptions {
  workspaceId: string;
  phoneNumberId: string;
  actor: Actor;
}

/**
 * Disconnects a number. Its conversations and messages stay (their number becomes null, schema
 * `onDelete: SetNull`); webhooks for it are then stored and skipped as "no workspace owns it".
 * Returns the removed number (without its token).
 */
export async function deletePhoneNumber({ workspaceId, phoneNumberId, actor }: DeletePhoneNumberOptions): Promise<TPhoneNumber> {
  const db = await getDb();
  const row = await db.$transaction(async (tx) => {
    const current = await getPhoneNumberRow(tx, workspaceId, phoneNumberId);
    await tx.phoneNumber.delete({ where: { id: current.id } });
    await recordAudit({
      tx,
      workspaceId,
      actorId: actor.id,
      actorType: actor.type,
      ip: actor.ip,
      action: "phone_number.deleted",
      targetType: "phone_number",
      targetId: current.id,
      data: { phoneNumberId: current.phoneNumberId, displayPhone: current.displayPhone },
    });
    return current;
  });
  return toPhoneNumberDto(row);
}
