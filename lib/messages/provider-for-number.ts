import "server-only";
import { graphClientForNumber, type TNumberCredentials } from "@/lib/phone-numbers/graph-client-for-number";
import { CloudApiProvider } from "@/lib/whatsapp/cloud-api-provider";
import { whatsappConfig } from "@/lib/whatsapp/config";
import type { WhatsAppProvider } from "@/lib/whatsapp/provider";

/**
 * The provider for one connected number: its own (encrypted, set in Settings) token when set, else
 * the environment's (sandbox or real). Cached per number + base URL + credentials, so the token
 * bucket and keep-alive connections are shared across jobs, and a token changed in Settings takes
 * effect on the next send (its ciphertext is part of the key; the token itself is not kept as a key).
 */
const cache = new Map<string, WhatsAppProvider>();

export function providerForNumber(phone: TNumberCredentials): WhatsAppProvider {
  const config = whatsappConfig();
  const key = `${config.graphUrl}|${config.apiVersion}|${phone.phoneNumberId}|${phone.accessTokenEnc ?? `env:${config.accessToken}`}|${phone.wabaId ?? ""}`;
  let provider = cache.get(key);
  if (!provider) {
    const client = graphClientForNumber(phone);
    provider = new CloudApiProvider({ client, phoneNumberId: phone.phoneNumberId, wabaId: phone.wabaId ?? config.wabaId });
    cache.set(key, provider);
  }
  return provider;
}
