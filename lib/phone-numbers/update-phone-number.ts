import "server-only";
import type { Prisma } from "@prisma/client";
import type { Actor } from "@/lib/api/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/core/app-error";
import { encryptString } from "@/lib/core/crypto";
import { getDb } from "@/lib/core/db";
import { env } from "@/lib/core/env";
import { getPhoneNumberRow } from "./get-phone-number-row";
import { toPhoneNumberDto } from "./phone-number.mapper";
import { WABA_ID_PATTERN, type TPhoneNumber, type TUpdatePhoneNumber } from "./phone-number.schema";

export interface UpdatePhoneNumberOptions {
  workspaceId: string;
  phoneNumberId: string;
  actor: Actor;
  input: TUpdatePhoneNumber;
}

/**
 * Edits a number. The phone_number_id itself is not editable (webhooks and conversations are keyed
 * by it: remove and add instead). `accessToken: null` forgets the number's token. The audit entry
 * lists the changed fields; for the token only "set"/"removed".
 */
export async function updatePhoneNumber({ workspaceId, phoneNumberId, actor, input }: UpdatePhoneNumberOptions): Promise<TPhoneNumber> {
  const db = await getDb();
  const row = await db.$transaction(async (tx) => {
    const current = await getPhoneNumberRow(tx, workspaceId, phoneNumberId);
    if (input.wabaId && !WABA_ID_PATTERN.test(input.wabaId)) {
      throw new AppError("INVALID_INPUT", {
        userMessage: "wabaId: digits only (Meta's numeric id)",
        details: [{ field: "wabaId", message: "Digits only (Meta's numeric id)" }],
      });
    }
    const data: Prisma.PhoneNumberUpdateInput = {};
    const changes: Record<string, Prisma.InputJsonValue | null> = {};
    for (const key of ["wabaId", "displayPhone", "verifiedName", "callingEnabled", "botEnabled"] as const) {
      const value = input[key];
      if (value === undefined || value === current[key]) continue;
      (data as Record<string, unknown>)[key] = value;
      changes[key] = value;
    }
    if (input.accessToken !== undefined) {
      data.accessTokenEnc = input.accessToken === null ? null : encryptString(input.accessToken, env().encryptionKey);
      changes.accessToken = input.accessToken === null ? "removed" : "set";
    }
    if (Object.keys(changes).length === 0) return current;
    const updated = await tx.phoneNumber.update({ where: { id: current.id }, data });
    await recordAudit({
      tx,
      workspaceId,
      actorId: actor.id,
      actorType: actor.type,
      ip: actor.ip,
      action: "phone_number.updated",
      targetType: "phone_number",
      targetId: current.id,
      data: { phoneNumberId: current.phoneNumberId, changes },
    });
    return updated;
  });
  return toPhoneNumberDto(row);
}
