import { randomBytes } from "node:crypto";
import { TokenBucket } from "@/lib/whatsapp/token-bucket";
import {
  DEFAULT_CALL_LIMITS,
  defaultCallingSettings,
  type TCallAction,
  type TCallFailure,
  type TCallLimits,
  type TCallingSettings,
  type TSimCall,
  type TSimCallUser,
} from "./call-model";

/**
 * All calling state of the sandbox (held by SandboxStore as `store.calls`, cleared on reset).
 * Timers (accept deadline, ring timeout) are tracked here so a reset cancels them; they are
 * unref'd so a forgotten call never keeps a test process alive.
 */
export class SandboxCalls {
  calls = new Map<string, TSimCall>();
  users = new Map<string, TSimCallUser>();
  settings: TCallingSettings = defaultCallingSettings();
  limits: TCallLimits = { ...DEFAULT_CALL_LIMITS };
  failures: TCallFailure[] = [];
  lookups: TokenBucket;
  private timers = new Set<NodeJS.Timeout>();
  private callTimers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly now: () => number) {
    this.lookups = this.makeLookupBucket();
  }

  private makeLookupBucket(): TokenBucket {
    const rate = this.limits.permissionLookupsPerSecond;
    return new TokenBucket({ ratePerSecond: rate, capacity: rate, now: this.now });
  }

  setLimits(patch: Partial<TCallLimits>): void {
    Object.assign(this.limits, patch);
    if (patch.permissionLookupsPerSecond !== undefined) this.lookups = this.makeLookupBucket();
  }

  user(key: string): TSimCallUser {
    let u = this.users.get(key);
    if (!u) {
      u = {
        permission: null,
        connectedBicAt: [],
        lastConnectedCallAt: null,
        consecutiveUnanswered: 0,
        answeredRequests: new Set(),
        media: { relay: false, tone: null },
      };
      this.users.set(key, u);
    }
    return u;
  }

  /** Real wacids are "wacid." + base64 of a protobuf holding the user's number and a random id. */
  newCallId(waIdOrUserId: string): string {
    const inner = Buffer.concat([Buffer.from(`\x18\x0c${waIdOrUserId}\x15\x02\x00\x12\x18\x20`), randomBytes(16)]);
    let id: string;
    do id = `wacid.${inner.toString("base64")}`;
    while (this.calls.has(id));
    return id;
  }

  /** Calls not yet ended (counted against the concurrent-call limit). */
  live(): TSimCall[] {
    return [...this.calls.values()].filter((c) => c.state !== "ended");
  }

  takeFailure(action: TCallAction): TCallFailure | undefined {
    const i = this.failures.findIndex((f) => f.action === action);
    return i < 0 ? undefined : this.failures.splice(i, 1)[0];
  }

  schedule(ms: number, fn: () => void): NodeJS.Timeout {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, Math.max(0, ms));
    t.unref();
    this.timers.add(t);
    return t;
  }

  cancel(t: NodeJS.Timeout | null | undefined): void {
    if (!t) return;
    clearTimeout(t);
    this.timers.delete(t);
  }

  /** One deadline timer per call (accept deadline or ring timeout); setting a new one replaces it. */
  setCallTimer(callId: string, ms: number, fn: () => void): void {
    this.clearCallTimer(callId);
    this.callTimers.set(
      callId,
      this.schedule(ms, () => {
        this.callTimers.delete(callId);
        fn();
      }),
    );
  }

  clearCallTimer(callId: string): void {
    this.cancel(this.callTimers.get(callId));
    this.callTimers.delete(callId);
  }

  reset(): void {
    this.callTimers.clear();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const c of this.calls.values()) {
      // Fire-and-forget: a relay that fails to close has nothing left to tell anyone.
      if (c.relay) void c.relay.close().catch(() => undefined);
      if (c.browser) void c.browser.close().catch(() => undefined);
    }
    this.calls.clear();
    this.users.clear();
    this.settings = defaultCallingSettings();
    this.limits = { ...DEFAULT_CALL_LIMITS };
    this.failures = [];
    this.lookups = this.makeLookupBucket();
  }
}
