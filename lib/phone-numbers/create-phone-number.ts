import "server-only";
import type { Actor } from "@/lib/api/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/core/app-error";
import { encryptString } from "@/lib/core/crypto";
import { getDb, isUniqueViolation } from "@/lib/core/db";
import { env } from "@/lib/core/env";
import { toPhoneNumberDto } from "./phone-number.mapper";
import type { TCreatePhoneNumber, TPhoneNumber } from "./phone-number.schema";

export interface CreatePhoneNumberOptions {
  workspaceId: string;
  actor: Actor;
  input: TCreatePhoneNumber;
}

/**
 * Connects a WhatsApp number to the workspace. Webhooks are routed by phone_number_id, so an id
 * can belong to one workspace only (CONFLICT otherwise, without saying whose). The token is
 * encrypted before it reaches the database; the audit entry records that one was set, not its value.
 */
export async function createPhoneNumber({ workspaceId, actor, input }: CreatePhoneNumberOptions): Promise<TPhoneNumber> {
  const db = await getDb();
  try {
    const row = await db.$transaction(async (tx) => {
      const created = await tx.phoneNumber.create({
        data: {
          workspaceId,
          phoneNumberId: input.phoneNumberId,
          wabaId: input.wabaId ?? null,
          displayPhone: input.displayPhone,
          verifiedName: input.verifiedName ?? null,
          accessTokenEnc: input.accessToken ? encryptString(input.accessToken, env().encryptionKey) : null,
          callingEnabled: input.callingEnabled,
          botEnabled: input.botEnabled,
        },
      });
      await recordAudit({
        tx,
        workspaceId,
        actorId: actor.id,
        actorType: actor.type,
        ip: actor.ip,
        action: "phone_number.created",
        targetType: "phone_number",
        targetId: created.id,
        data: {
          phoneNumberId: created.phoneNumberId,
          displayPhone: created.displayPhone,
          tokenSet: created.accessTokenEnc !== null,
          callingEnabled: created.callingEnabled,
          botEnabled: created.botEnabled,
        },
      });
      return created;
    });
    return toPhoneNumberDto(row);
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError("CONFLICT", {
        userMessage: "This phone_number_id is already connected.",
        details: [{ field: "phoneNumberId", message: "Already connected" }],
      });
    }
    throw err;
  }
}
