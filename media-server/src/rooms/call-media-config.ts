import { z } from "zod";

/**
 * Call-media settings (environment). Parsed here rather than in config.ts so the rooms module owns
 * its knobs; the README's environment table lists them next to the others.
 *
 * - MEDIA_CUSTOMER_SILENCE_SEC: no RTP from WhatsApp for this long ends the customer leg
 *   (`media_timeout`). Meta applies the same 20 s rule to us (reference §6.8).
 * - MEDIA_CONNECT_TIMEOUT_SEC: ICE + DTLS toward Meta must complete within this after both SDPs are
 *   applied.
 * - MEDIA_ROOM_EMPTY_TIMEOUT_SEC: a room without legs closes after this.
 * - MEDIA_GATEWAY_HOSTS: extra host addresses werift gathers candidates on (comma list). werift skips
 *   loopback by default; tests and single-host demos need 127.0.0.1 (media-bridge §9 fact 2).
 * - MEDIA_GATEWAY_IPV6: gather IPv6 candidates too (Meta offers one IPv6 host candidate).
 * - MEDIA_GATEWAY_STUN: STUN servers the gateway asks for its public address (comma list of
 *   `stun:host:port`). None by default: Meta's relay is public and ICE-lite and we are the
 *   controlling side, so our checks reach it through NAT and it answers the address they came from
 *   (a peer-reflexive candidate). werift would otherwise ask a Google server on every call.
 */
const ZCallMediaEnvSchema = z.object({
  MEDIA_CUSTOMER_SILENCE_SEC: z.coerce.number().positive().max(300).default(20),
  MEDIA_CONNECT_TIMEOUT_SEC: z.coerce.number().positive().max(300).default(20),
  MEDIA_ROOM_EMPTY_TIMEOUT_SEC: z.coerce.number().positive().max(3600).default(30),
  MEDIA_GATEWAY_HOSTS: z.string().default("127.0.0.1"),
  MEDIA_GATEWAY_IPV6: z.enum(["0", "1"]).default("0"),
  MEDIA_GATEWAY_STUN: z.string().default(""),
});

export interface CallMediaConfig {
  customerSilenceMs: number;
  connectTimeoutMs: number;
  emptyRoomTimeoutMs: number;
  gatewayHosts: string[];
  gatewayIpv6: boolean;
  gatewayStun: string[];
}

export function loadCallMediaConfig(source: Record<string, string | undefined> = process.env): CallMediaConfig {
  const e = ZCallMediaEnvSchema.parse(source);
  return {
    customerSilenceMs: e.MEDIA_CUSTOMER_SILENCE_SEC * 1000,
    connectTimeoutMs: e.MEDIA_CONNECT_TIMEOUT_SEC * 1000,
    emptyRoomTimeoutMs: e.MEDIA_ROOM_EMPTY_TIMEOUT_SEC * 1000,
    gatewayHosts: list(e.MEDIA_GATEWAY_HOSTS),
    gatewayIpv6: e.MEDIA_GATEWAY_IPV6 === "1",
    gatewayStun: list(e.MEDIA_GATEWAY_STUN),
  };
}

function list(v: string): string[] {
  return v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}
