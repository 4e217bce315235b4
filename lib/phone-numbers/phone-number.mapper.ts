import "server-only";
import type { PhoneNumber } from "@prisma/client";
import { decryptString } from "@/lib/core/crypto";
import { env } from "@/lib/core/env";
import type { TPhoneNumber } from "./phone-number.schema";

/**
 * Row → DTO. The token is decrypted only to show its last 4 characters (not stored separately, so
 * a rotated APP_ENCRYPTION_KEY shows up here as "set, unreadable" rather than stale digits).
 */
export function toPhoneNumberDto(row: PhoneNumber): TPhoneNumber {
  let tokenLast4: string | null = null;
  if (row.accessTokenEnc) {
    try {
      tokenLast4 = decryptString(row.accessTokenEnc, env().encryptionKey).slice(-4);
    } catch {
      tokenLast4 = "????"; // encrypted with another APP_ENCRYPTION_KEY: set, but unusable until replaced
    }
  }
  return {
    id: row.id,
    phoneNumberId: row.phoneNumberId,
    wabaId: row.wabaId,
    displayPhone: row.displayPhone,
    verifiedName: row.verifiedName,
    tokenSet: row.accessTokenEnc !== null,
    tokenLast4,
    callingEnabled: row.callingEnabled,
    botEnabled: row.botEnabled,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
