import { describe, expect, it } from "vitest";
import { DEFAULT_MESSAGES_PER_SECOND, TokenBucket, bucketFor } from "./token-bucket";

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("TokenBucket", () => {
  it("defaults to Meta's 80 msg/s per number and allows a one-second burst", () => {
    const c = clock();
    const b = new TokenBucket({ now: c.now });
    expect(b.ratePerSecond).toBe(DEFAULT_MESSAGES_PER_SECOND);
    for (let i = 0; i < 80; i++) expect(b.tryTake()).toBe(0);
    expect(b.tryTake()).toBeGreaterThan(0);
  });

  it("reports the wait until the next token and refills at the configured rate", () => {
    const c = clock();
    const b = new TokenBucket({ ratePerSecond: 10, capacity: 2, now: c.now });
    expect(b.tryTake()).toBe(0);
    expect(b.tryTake()).toBe(0);
    expect(b.tryTake()).toBe(100); // one token per 100 ms
    c.advance(50);
    expect(b.tryTake()).toBe(50);
    c.advance(50);
    expect(b.tryTake()).toBe(0);
  });

  it("never holds more than its capacity", () => {
    const c = clock();
    const b = new TokenBucket({ ratePerSecond: 10, capacity: 3, now: c.now });
    c.advance(60_000);
    expect(b.available()).toBe(3);
  });

  it("acquire resolves immediately while tokens remain and later once refilled", async () => {
    const b = new TokenBucket({ ratePerSecond: 1000, capacity: 1 });
    const started = Date.now();
    await b.acquire();
    await b.acquire(); // needs ~1 ms of refill
    expect(Date.now() - started).toBeLessThan(500);
    expect(b.available()).toBeLessThan(1);
  });

  it("keeps one bucket per phone number", () => {
    expect(bucketFor("p1")).toBe(bucketFor("p1"));
    expect(bucketFor("p1")).not.toBe(bucketFor("p2"));
  });

  it("rejects a non-positive rate", () => {
    expect(() => new TokenBucket({ ratePerSecond: 0 })).toThrow(RangeError);
  });
});
