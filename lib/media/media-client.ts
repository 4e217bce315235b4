import "server-only";
import { AppError } from "../core/app-error";
import { env } from "../core/env";
import { signRequest, SIGNATURE_HEADER } from "./signing";

/**
 * The web → media-server client: the unauthenticated health probe and the HMAC-signed control API
 * (`POST /control/*`, header `x-media-signature`, see ./signing.ts). The media-server owns live media
 * state only; web drives it through these calls.
 */

export type MediaServerHealth =
  | { ok: true; workers: number; pid: number; load: number[]; [k: string]: unknown }
  | { ok: false; error: string };

const HEALTH_TIMEOUT_MS = 1_500;
const CONTROL_TIMEOUT_MS = 5_000;

/** `GET /health` on the media-server with a 1.5 s timeout. Never throws: unreachable is a result. */
export async function getMediaServerHealth(): Promise<MediaServerHealth> {
  try {
    const res = await fetch(`${baseUrl()}/health`, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS), cache: "no-store" });
    if (!res.ok) return { ok: false, error: `media-server answered HTTP ${res.status}` };
    const body = (await res.json()) as Record<string, unknown>;
    const workers = typeof body.workerCount === "number" ? body.workerCount : Array.isArray(body.workers) ? body.workers.length : 0;
    return {
      ...body,
      ok: true,
      workers,
      workerList: Array.isArray(body.workers) ? body.workers : [],
      pid: typeof body.pid === "number" ? body.pid : 0,
      load: Array.isArray(body.load) ? (body.load as number[]) : [],
    };
  } catch (err) {
    return { ok: false, error: describeFetchError(err) };
  }
}

/**
 * POSTs a signed JSON request to the media-server control API (`path` like "/control/ping") and
 * returns the parsed JSON answer. Unreachable or timed out → AppError("UNAVAILABLE"); a 4xx/5xx
 * answer with our error body → AppError with the same code.
 */
export async function mediaControl<T = unknown>(path: string, body: unknown = {}): Promise<T> {
  const e = env();
  const raw = JSON.stringify(body ?? {});
  const url = `${baseUrl()}${path.startsWith("/") ? path : `/${path}`}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", [SIGNATURE_HEADER]: signRequest(raw, e.mediaServerSecret) },
      body: raw,
      signal: AbortSignal.timeout(CONTROL_TIMEOUT_MS),
      cache: "no-store",
    });
  } catch (err) {
    throw new AppError("UNAVAILABLE", {
      message: `media-server control ${path} unreachable: ${describeFetchError(err)}`,
      userMessage: "The media server is not reachable.",
      cause: err,
    });
  }
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined; // non-JSON answers are handled by the status check below
  }
  if (!res.ok) {
    const errBody = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
    const code = errBody?.code && errBody.code in HTTP_CODES ? (errBody.code as keyof typeof HTTP_CODES) : res.status >= 500 ? "UNAVAILABLE" : "INVALID_STATE";
    throw new AppError(code, {
      message: `media-server control ${path} → HTTP ${res.status}: ${errBody?.message ?? text.slice(0, 200)}`,
    });
  }
  return parsed as T;
}

export interface MediaDtmfResult {
  ok: true;
  digits: string;
  /** When the first of these digits starts playing (behind digits queued earlier), ms from now. */
  startsInMs: number;
  /** How long these digits take to play, ms. */
  durationMs: number;
}

/**
 * Plays keypad digits to the WhatsApp user as RFC 4733 telephone-event on the call's WhatsApp leg
 * (`POST /control/calls/dtmf`). Answers once queued; NOT_FOUND without a media room, INVALID_STATE
 * while the WhatsApp leg is not connected, UNAVAILABLE when the media-server is unreachable.
 */
export function sendDtmf(o: { callId: string; digits: string; toneMs?: number; gapMs?: number }): Promise<MediaDtmfResult> {
  return mediaControl<MediaDtmfResult>("/control/calls/dtmf", o);
}

// Codes the media-server may answer with that we map through unchanged.
const HTTP_CODES = {
  INVALID_INPUT: 1,
  UNAUTHENTICATED: 1,
  FORBIDDEN: 1,
  NOT_FOUND: 1,
  CONFLICT: 1,
  INVALID_STATE: 1,
  PAYLOAD_TOO_LARGE: 1,
  UNSUPPORTED_MEDIA_TYPE: 1,
  RATE_LIMITED: 1,
  UNAVAILABLE: 1,
  INTERNAL: 1,
} as const;

function baseUrl(): string {
  return env().MEDIA_SERVER_URL.replace(/\/$/, "");
}

function describeFetchError(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === "TimeoutError" || err.name === "AbortError") return "timed out";
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code) return `${cause.code}${cause.message ? `: ${cause.message}` : ""}`;
    return err.message;
  }
  return String(err);
}
