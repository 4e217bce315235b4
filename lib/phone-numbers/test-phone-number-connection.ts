import "server-only";
import { getDb } from "@/lib/core/db";
import { providerForNumber } from "@/lib/messages/provider-for-number";
import { GraphApiError } from "@/lib/whatsapp/graph-client";
import { getPhoneNumberRow } from "./get-phone-number-row";
import type { TPhoneNumberConnection } from "./phone-number.schema";

export interface TestPhoneNumberConnectionOptions {
  workspaceId: string;
  phoneNumberId: string;
}

const failed = (code: number, cause: string, message: string): TPhoneNumberConnection => ({
  ok: false,
  verifiedName: null,
  displayPhone: null,
  qualityRating: null,
  error: { code, cause, message },
});

/**
 * "Test connection": Graph `GET /{phone-number-id}` (reference §9.1) through the same provider (and
 * credentials) the app sends with. A refusal is an answer, not an error of ours: it comes back as
 * `ok: false` with Meta's code and its own text (e.g. 190 "Error validating access token: Session
 * has expired …", or 100 "Unsupported get request. Object with ID '…' does not exist …").
 */
export async function testPhoneNumberConnection({ workspaceId, phoneNumberId }: TestPhoneNumberConnectionOptions): Promise<TPhoneNumberConnection> {
  const db = await getDb();
  const phone = await getPhoneNumberRow(db, workspaceId, phoneNumberId);
  let provider;
  try {
    provider = providerForNumber(phone);
  } catch {
    return failed(-1, "auth", "The stored access token cannot be decrypted (was APP_ENCRYPTION_KEY changed?). Enter the token again.");
  }
  try {
    const info = await provider.getPhoneNumber();
    return { ok: true, verifiedName: info.verifiedName ?? null, displayPhone: info.displayPhoneNumber, qualityRating: info.qualityRating ?? null, error: null };
  } catch (err) {
    if (!(err instanceof GraphApiError)) throw err;
    return failed(err.mapped.code, err.mapped.cause, err.mapped.userText);
  }
}
