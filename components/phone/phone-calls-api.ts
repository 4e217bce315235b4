/**
 * The sandbox control API's call routes (lib/sandbox/control/calls.ts) as the phone simulator uses
 * them, through the same-origin proxy /api/sandbox/…. A wacid in a path is URL-encoded: it is
 * base64 with "/" and "+".
 */
export interface SimCall {
  id: string;
  direction: "USER_INITIATED" | "BUSINESS_INITIATED";
  userKey: string;
  state: string;
  createdAt: string;
  acceptedAt: string | null;
  endedAt: string | null;
  durationSeconds: number | null;
  endReason: string | null;
  endStatus: string | null;
  answerSdp: string | null;
  events: { type: string; at: string; detail?: unknown }[];
  media: { tone: number | null; connectionState: string; packetsSent: number; packetsReceived: number } | null;
  /** This page's microphone/speaker link to the call (lib/sandbox/meta-relay/browser-bridge.ts). */
  browser: { connectionState: string; sends: boolean; packetsFromBrowser: number; packetsToBrowser: number } | null;
}

export interface SimUserCalls {
  data: SimCall[];
  permission: { status: string; expiresAt: string | null };
  media: { relay: boolean; tone: number | null };
}

export interface ToneDetection {
  packetsReceived: number;
  detection: Record<string, unknown>;
}

const BASE = "/api/sandbox/control";
const enc = encodeURIComponent;

async function call<T>(path: string, method = "GET", body?: unknown, keepalive = false): Promise<T> {
  const res = await fetch(BASE + path, {
    method,
    headers: body !== undefined ? { "content-type": "application/json" } : undefined,
    body: body !== undefined ? JSON.stringify(body) : undefined,
    cache: "no-store",
    keepalive,
  });
  const text = await res.text();
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const msg = (data as { error?: { message?: string } } | undefined)?.error?.message;
    throw new Error(msg ?? `Sandbox answered HTTP ${res.status}`);
  }
  return data as T;
}

/**
 * The relay's tone: the phone's voice until this page's microphone joins the call (and again when it
 * is denied, turned off or leaves).
 */
export const PHONE_TONE_HZ = 440;

export const phoneCalls = {
  list: (userKey: string) => call<SimUserCalls>(`/users/${enc(userKey)}/calls`),
  place: (userKey: string) => call<SimCall>(`/users/${enc(userKey)}/calls`, "POST", { relay: true, tone: PHONE_TONE_HZ }),
  /** Business calls to this phone carry real media through a relay too. */
  useRelay: (userKey: string) => call<unknown>(`/users/${enc(userKey)}/call-media`, "POST", { relay: true, tone: PHONE_TONE_HZ }),
  answer: (id: string) => call<SimCall>(`/calls/${enc(id)}/answer`, "POST", { tone: PHONE_TONE_HZ }),
  reject: (id: string) => call<SimCall>(`/calls/${enc(id)}/reject`, "POST", {}),
  hangup: (id: string) => call<SimCall>(`/calls/${enc(id)}/hangup`, "POST", {}),
  dtmf: (id: string, digits: string) => call<unknown>(`/calls/${enc(id)}/dtmf`, "POST", { digits }),
  audio: (id: string) => call<ToneDetection>(`/calls/${enc(id)}/audio?freqs=440,880&windowMs=1000`),
  /** This page joins the call as the phone's microphone and speaker: SDP offer → the sandbox's answer. */
  attachBrowser: (id: string, offer: string) => call<{ answer: string }>(`/calls/${enc(id)}/browser`, "POST", { offer }),
  /** `keepalive` lets the request outlive a closing page. */
  detachBrowser: (id: string, keepalive = false) => call<SimCall>(`/calls/${enc(id)}/browser`, "DELETE", undefined, keepalive),
  replyPermission: (userKey: string, response: "accept" | "reject") =>
    call<unknown>(`/users/${enc(userKey)}/call-permission`, "POST", { response }),
};
