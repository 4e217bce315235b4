/**
 * Per-phone-number send throughput (reference §5.3): 80 msg/s per registered number by default
 * (1000 after Meta's automatic upgrade; coexistence numbers fixed at 20). The provider awaits a token
 * before each send so a burst from the outbox does not hit 130429.
 */
export const DEFAULT_MESSAGES_PER_SECOND = 80;

export interface TokenBucketOptions {
  ratePerSecond?: number;
  /** Bucket size; defaults to one second worth of tokens. */
  capacity?: number;
  now?: () => number;
}

export class TokenBucket {
  readonly ratePerSecond: number;
  readonly capacity: number;
  private tokens: number;
  private updatedAt: number;
  private readonly now: () => number;

  constructor(options: TokenBucketOptions = {}) {
    this.ratePerSecond = options.ratePerSecond ?? DEFAULT_MESSAGES_PER_SECOND;
    this.capacity = options.capacity ?? this.ratePerSecond;
    if (!(this.ratePerSecond > 0) || !(this.capacity >= 1)) throw new RangeError("rate must be > 0 and capacity ≥ 1");
    this.now = options.now ?? Date.now;
    this.tokens = this.capacity;
    this.updatedAt = this.now();
  }

  private refill(): void {
    const t = this.now();
    const elapsed = Math.max(0, t - this.updatedAt);
    this.tokens = Math.min(this.capacity, this.tokens + (elapsed * this.ratePerSecond) / 1000);
    this.updatedAt = t;
  }

  /** Pure step: take a token if one is there (→ 0) or report how many ms until one will be (nothing taken). */
  tryTake(): number {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) * 1000) / this.ratePerSecond);
  }

  available(): number {
    this.refill();
    return this.tokens;
  }

  /** Wait (real timers) until a token is available, then take it. Waiters are served in call order. */
  acquire(): Promise<void> {
    const run = async () => {
      for (;;) {
        const wait = this.tryTake();
        if (wait === 0) return;
        await new Promise((r) => setTimeout(r, wait));
      }
    };
    const next = this.queue.then(run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private queue: Promise<void> = Promise.resolve();
}

const buckets = new Map<string, TokenBucket>();

/** One bucket per phone number id in this process. */
export function bucketFor(phoneNumberId: string, ratePerSecond = DEFAULT_MESSAGES_PER_SECOND): TokenBucket {
  let b = buckets.get(phoneNumberId);
  if (!b || b.ratePerSecond !== ratePerSecond) {
    b = new TokenBucket({ ratePerSecond });
    buckets.set(phoneNumberId, b);
  }
  return b;
}
