import { randomBytes, randomInt } from "node:crypto";
import { SANDBOX_DEFAULTS } from "@/lib/whatsapp/config";
import { TokenBucket } from "@/lib/whatsapp/token-bucket";
import { SandboxCalls } from "./calls/calls-state";
import { seedTemplates } from "./seed-templates";

/**
 * All sandbox state, in memory, in one place (reset between tests). Time goes through `now()` so
 * tests can move the clock (24-hour window, media URL expiry) without waiting.
 */

export interface TSandboxOptions {
  accessToken: string;
  appSecret: string;
  verifyToken: string;
  phoneNumberId: string;
  wabaId: string;
  displayPhoneNumber: string;
  verifiedName: string;
  /** The app's webhook route the sender posts to. */
  webhookUrl: string;
  /** Base URL of this sandbox as the app reaches it (media URLs are built on it). */
  publicUrl: string;
  /** Media URL lifetime; Meta: 5 minutes (§4.2). */
  mediaUrlTtlMs: number;
  /**
   * Meta usually accepts a free-form send outside the 24 h window (200 + wamid) and fails it later
   * with a `failed` status carrying 131047 (§3.1). "sync" answers 400 with the same code instead.
   */
  windowEnforcement: "async" | "sync";
  /** Messages per second per number before 130429 (§5.3). */
  throughputPerSecond: number;
  /** The phone simulator's browser is gone after this long without RTP or RTCP from it. */
  browserSilenceMs: number;
}

export interface TSimUser {
  /** Stable key used by the control API: the wa_id, or the BSUID for username-only users. */
  key: string;
  waId?: string;
  /** Business-scoped user id (2026), present on every messages webhook from 31 Mar 2026. */
  userId: string;
  username?: string;
  name: string;
  /** When a username user hides the phone, webhooks omit wa_id/from (§2.1 2026). */
  hidePhone: boolean;
  lastUserMessageAt: number | null;
  typingUntil: number | null;
  createdAt: number;
}

export type TOutboundStatus = "accepted" | "sent" | "delivered" | "read" | "failed";

export interface TSimOutbound {
  wamid: string;
  userKey: string | null;
  /** What the app asked to send: the request body, as received. */
  request: Record<string, unknown>;
  type: string;
  status: TOutboundStatus;
  error?: TAsyncError;
  createdAt: number;
  statusAt: Partial<Record<TOutboundStatus, number>>;
}

export interface TSimInbound {
  wamid: string;
  userKey: string;
  type: string;
  payload: Record<string, unknown>;
  createdAt: number;
  /** Set when the business called mark-as-read (the user sees blue ticks). */
  readByBusinessAt: number | null;
}

export interface TSimMedia {
  id: string;
  bytes: Buffer;
  mimeType: string;
  sha256Hex: string;
  filename?: string;
  origin: "upload" | "user";
  createdAt: number;
}

export interface TSimTemplate {
  id: string;
  name: string;
  language: string;
  status: string;
  category: string;
  parameter_format?: "POSITIONAL" | "NAMED";
  components: ({ type: string; format?: string; text?: string } & Record<string, unknown>)[];
}

/** Webhook-style async error (§5.1): `{ code, title, message, error_data: { details }, href }`. */
export interface TAsyncError {
  code: number;
  title: string;
  message: string;
  error_data: { details: string };
  href: string;
}

/**
 * Failure modes for the next sends (control API):
 *  "429" → HTTP 429 with code 130429 · "500" → HTTP 500 with 131000 · "503" → 131016
 *  "130429" / "131056" → HTTP 400 rate limits as Meta answers them · "190" → expired token
 *  "131047" / "131026" → accepted, then a `failed` status webhook with that code.
 */
export const FAILURE_MODES = ["429", "500", "503", "130429", "131056", "190", "131047", "131026"] as const;
export type TFailureMode = (typeof FAILURE_MODES)[number];

export interface TWebhookSettings {
  /** Duplicate the next N deliveries (each is POSTed twice with identical bytes). */
  duplicateNext: number;
  duplicateAll: boolean;
  /** Deliver each batch of statuses in reverse order (delivered before sent, read before delivered). */
  reorderStatuses: boolean;
  retryBaseMs: number;
  maxAttempts: number;
  requestTimeoutMs: number;
  /** Emit `delivered` after `sent` automatically (the simulated phone is online). */
  autoDeliver: boolean;
}

export interface TDeliveryLog {
  id: number;
  field: string;
  summary: string;
  bytes: number;
  signature: string;
  attempts: { at: number; status: number | null; error?: string }[];
  delivered: boolean;
  gaveUp: boolean;
  duplicateOf?: number;
}

export const DEFAULT_WEBHOOK_SETTINGS: TWebhookSettings = {
  duplicateNext: 0,
  duplicateAll: false,
  reorderStatuses: false,
  retryBaseMs: 1000,
  maxAttempts: 8,
  requestTimeoutMs: 20_000,
  autoDeliver: true,
};

export function defaultSandboxOptions(overrides: Partial<TSandboxOptions> = {}): TSandboxOptions {
  return {
    accessToken: SANDBOX_DEFAULTS.accessToken,
    appSecret: SANDBOX_DEFAULTS.appSecret,
    verifyToken: SANDBOX_DEFAULTS.verifyToken,
    phoneNumberId: SANDBOX_DEFAULTS.phoneNumberId,
    wabaId: SANDBOX_DEFAULTS.wabaId,
    displayPhoneNumber: SANDBOX_DEFAULTS.displayPhoneNumber,
    verifiedName: SANDBOX_DEFAULTS.verifiedName,
    webhookUrl: "http://127.0.0.1:3000/api/webhooks/whatsapp",
    publicUrl: "http://127.0.0.1:4100",
    mediaUrlTtlMs: 5 * 60 * 1000,
    windowEnforcement: "async",
    throughputPerSecond: 80,
    browserSilenceMs: 12_000,
    ...overrides,
  };
}

export class SandboxStore {
  readonly initialOptions: TSandboxOptions;
  options: TSandboxOptions;
  clockOffsetMs = 0;
  users = new Map<string, TSimUser>();
  outbound = new Map<string, TSimOutbound>();
  inbound = new Map<string, TSimInbound>();
  media = new Map<string, TSimMedia>();
  templates: TSimTemplate[] = seedTemplates();
  failures: TFailureMode[] = [];
  webhook: TWebhookSettings = { ...DEFAULT_WEBHOOK_SETTINGS };
  deliveries: TDeliveryLog[] = [];
  throughput: TokenBucket;
  /** Calling: calls per wacid, permissions, settings, limits (lib/sandbox/calls). */
  calls: SandboxCalls = new SandboxCalls(() => this.now());
  /** Bumped on reset so in-flight work of a previous test can tell it is stale. */
  generation = 0;

  constructor(options: TSandboxOptions) {
    this.initialOptions = { ...options };
    this.options = { ...options };
    this.throughput = this.makeBucket();
  }

  private makeBucket(): TokenBucket {
    // Twice the rate as burst: the app's own bucket runs at the same rate and timers jitter.
    return new TokenBucket({ ratePerSecond: this.options.throughputPerSecond, capacity: this.options.throughputPerSecond * 2, now: () => this.now() });
  }

  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  advanceClock(ms: number): void {
    this.clockOffsetMs += ms;
  }

  reset(): void {
    this.generation++;
    this.options = { ...this.initialOptions, publicUrl: this.options.publicUrl };
    this.clockOffsetMs = 0;
    this.users.clear();
    this.outbound.clear();
    this.inbound.clear();
    this.media.clear();
    this.templates = seedTemplates();
    this.failures = [];
    this.webhook = { ...DEFAULT_WEBHOOK_SETTINGS };
    this.deliveries = [];
    this.throughput = this.makeBucket();
    this.calls.reset();
  }

  // ---- users -----------------------------------------------------------------------------------

  createUser(input: { phone?: string; username?: string; name?: string; country?: string; hidePhone?: boolean }): { user: TSimUser; created: boolean } {
    const waId = input.phone ? input.phone.replace(/[^\d]/g, "") : undefined;
    if (waId) {
      const existing = this.users.get(waId);
      if (existing) return { user: existing, created: false };
    }
    if (input.username) {
      const existing = [...this.users.values()].find((u) => u.username === normaliseUsername(input.username!));
      if (existing) return { user: existing, created: false };
    }
    const country = (input.country ?? countryFor(waId)).toUpperCase();
    const userId = `${country}.${randomDigits(20)}`;
    const username = input.username ? normaliseUsername(input.username) : undefined;
    const user: TSimUser = {
      key: waId ?? userId,
      ...(waId ? { waId } : {}),
      userId,
      ...(username ? { username } : {}),
      name: input.name ?? username ?? (waId ? `+${waId}` : userId),
      hidePhone: input.hidePhone ?? (!!username && !waId),
      lastUserMessageAt: null,
      typingUntil: null,
      createdAt: this.now(),
    };
    this.users.set(user.key, user);
    return { user, created: true };
  }

  findUser(key: string): TSimUser | undefined {
    const direct = this.users.get(key) ?? this.users.get(key.replace(/[^\d]/g, ""));
    if (direct) return direct;
    return [...this.users.values()].find((u) => u.userId === key || u.username === normaliseUsername(key));
  }

  /** The user a send addresses: `to` (phone, "+" and punctuation allowed) or `recipient` (BSUID). */
  findRecipient(to: string | undefined, recipient: string | undefined): TSimUser | undefined {
    if (to) {
      const digits = to.replace(/[^\d]/g, "");
      return [...this.users.values()].find((u) => u.waId === digits);
    }
    if (recipient) return [...this.users.values()].find((u) => u.userId === recipient);
    return undefined;
  }

  // ---- failures --------------------------------------------------------------------------------

  takeFailure(): TFailureMode | undefined {
    return this.failures.shift();
  }

  // ---- ids -------------------------------------------------------------------------------------

  newWamid(user?: TSimUser): string {
    // Real wamids are "wamid." + base64 of a protobuf holding the number and a random id.
    const inner = Buffer.concat([Buffer.from(`\x18\x0c${user?.waId ?? user?.userId ?? "0"}\x15\x02\x00\x11\x18\x12`), randomBytes(12)]);
    return `wamid.${inner.toString("base64")}`;
  }

  newMediaId(): string {
    let id: string;
    do id = String(randomInt(1, 9)) + randomDigits(15);
    while (this.media.has(id));
    return id;
  }
}

function randomDigits(n: number): string {
  let s = "";
  while (s.length < n) s += randomInt(0, 1_000_000_000).toString().padStart(9, "0");
  return s.slice(0, n);
}

function normaliseUsername(u: string): string {
  return u.startsWith("@") ? u : `@${u}`;
}

/** A rough country for the BSUID prefix from the calling code (enough for realistic-looking ids). */
function countryFor(waId: string | undefined): string {
  if (!waId) return "US";
  if (waId.startsWith("91")) return "IN";
  if (waId.startsWith("44")) return "GB";
  if (waId.startsWith("55")) return "BR";
  if (waId.startsWith("971")) return "AE";
  if (waId.startsWith("1")) return "US";
  return "US";
}
