import "server-only";
import type { PhoneNumber } from "@prisma/client";
import { decryptString } from "@/lib/core/crypto";
import { env } from "@/lib/core/env";
import { CloudApiProvider } from "@/lib/whatsapp/cloud-api-provider";
import { whatsappConfig } from "@/lib/whatsapp/config";
import { GraphClient } from "@/lib/whatsapp/graph-client";
import type { WhatsAppProvider } from "@/lib/whatsapp/provider";

/**
 * The provider for one connected number: its own (encrypted) token when set, else the
 * environment's (sandbox or real). Cached per number + base URL + token so the token bucket and
 * keep-alive connections are shared across jobs.
 */
const cache = new Map<string, WhatsAppProvider>();

export function providerForNumber(phone: Pick<PhoneNumber, "phoneNumberId" | "wabaId" | "accessTokenEnc">): WhatsAppProvider {
  const config = whatsappConfig();
  const token = phone.accessTokenEnc ? decryptString(phone.accessTokenEnc, env().encryptionKey) : config.accessToken;
  const key = `${config.graphUrl}|${config.apiVersion}|${phone.phoneNumberId}|${token}`;
  let provider = cache.get(key);
  if (!provider) {
    const client = new GraphClient({ baseUrl: config.graphUrl, version: config.apiVersion, accessToken: token });
    provider = new CloudApiProvider({ client, phoneNumberId: phone.phoneNumberId, wabaId: phone.wabaId ?? config.wabaId });
    cache.set(key, provider);
  }
  return provider;
}
