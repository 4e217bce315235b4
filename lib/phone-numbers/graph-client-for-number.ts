import "server-only";
import type { PhoneNumber } from "@prisma/client";
import { decryptString } from "@/lib/core/crypto";
import { env } from "@/lib/core/env";
import { whatsappConfig } from "@/lib/whatsapp/config";
import { GraphClient } from "@/lib/whatsapp/graph-client";

export type TNumberCredentials = Pick<PhoneNumber, "phoneNumberId" | "wabaId" | "accessTokenEnc">;

/**
 * A Graph API client for one connected number: the number's own token (decrypted in memory only
 * for the request) when set, else the environment's (sandbox or real) token.
 */
export function graphClientForNumber(phone: TNumberCredentials, options: { timeoutMs?: number } = {}): GraphClient {
  const config = whatsappConfig();
  const token = phone.accessTokenEnc ? decryptString(phone.accessTokenEnc, env().encryptionKey) : config.accessToken;
  return new GraphClient({ baseUrl: config.graphUrl, version: config.apiVersion, accessToken: token, timeoutMs: options.timeoutMs });
}
