import "server-only";
import type { PhoneNumber } from "@prisma/client";
import { decryptString } from "@/lib/core/crypto";
import { env } from "@/lib/core/env";
import { whatsappConfig } from "@/lib/whatsapp/config";
import { GraphClient } from "@/lib/whatsapp/graph-client";
import { createCallingApi, type CallingApi, type GraphTransport } from "./calling-api";

/**
 * The Calling API for one connected number. The transport answers `{ status, body }` for any HTTP
 * answer (calling-api.ts maps Meta's error objects through calling-errors.ts), so it uses the
 * GraphClient only to build the versioned URL and does the fetch itself; the GraphClient would
 * throw its own error type for non-2xx answers. Same token rules as messages (providerForNumber).
 */
const cache = new Map<string, CallingApi>();
const TIMEOUT_MS = 10_000;

export function callingApiForNumber(phone: Pick<PhoneNumber, "phoneNumberId" | "accessTokenEnc">): CallingApi {
  const config = whatsappConfig();
  const token = phone.accessTokenEnc ? decryptString(phone.accessTokenEnc, env().encryptionKey) : config.accessToken;
  const key = `${config.graphUrl}|${config.apiVersion}|${phone.phoneNumberId}|${token}`;
  let api = cache.get(key);
  if (!api) {
    const client = new GraphClient({ baseUrl: config.graphUrl, version: config.apiVersion, accessToken: token });
    const send = async (method: "GET" | "POST", path: string, body?: unknown) => {
      const r = await fetch(`${client.url("").replace(/\/$/, "")}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const text = await r.text();
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : {};
      } catch {
        parsed = { error: { message: text.slice(0, 300) } };
      }
      return { status: r.status, body: parsed };
    };
    const transport: GraphTransport = { post: (p, b) => send("POST", p, b), get: (p) => send("GET", p) };
    api = createCallingApi({ phoneNumberId: phone.phoneNumberId, transport });
    cache.set(key, api);
  }
  return api;
}
