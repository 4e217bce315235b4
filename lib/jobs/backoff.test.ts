import { describe, expect, it } from "vitest";
import { BACKOFF_CAP_MS, backoffCeilingMs, backoffMs } from "./backoff";

describe("backoff schedule", () => {
  it("grows by a factor of 2 from a 1 s base", () => {
    expect([1, 2, 3, 4, 5].map(backoffCeilingMs)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
  });

  it("is capped at one hour, also for huge attempt numbers", () => {
    expect(backoffCeilingMs(12)).toBe(2_048_000);
    expect(backoffCeilingMs(13)).toBe(BACKOFF_CAP_MS);
    expect(backoffCeilingMs(1_000)).toBe(BACKOFF_CAP_MS);
    expect(backoffMs(5_000, () => 0.999999)).toBeLessThan(BACKOFF_CAP_MS);
  });

  it("treats attempts below 1 as the first attempt", () => {
    expect(backoffCeilingMs(0)).toBe(1_000);
    expect(backoffCeilingMs(-3)).toBe(1_000);
  });

  it("applies full jitter: the delay spans [0, ceiling)", () => {
    expect(backoffMs(4, () => 0)).toBe(0);
    expect(backoffMs(4, () => 0.5)).toBe(4_000);
    expect(backoffMs(4, () => 1)).toBe(7_999); // random() never returns 1, but clamp anyway
    for (let attempt = 1; attempt <= 20; attempt++) {
      for (let i = 0; i < 200; i++) {
        const d = backoffMs(attempt);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(backoffCeilingMs(attempt));
        expect(Number.isInteger(d)).toBe(true);
      }
    }
  });

  it("spreads delays across the range (not a constant)", () => {
    const samples = Array.from({ length: 500 }, () => backoffMs(10));
    const ceiling = backoffCeilingMs(10);
    expect(Math.min(...samples)).toBeLessThan(ceiling * 0.2);
    expect(Math.max(...samples)).toBeGreaterThan(ceiling * 0.8);
    expect(new Set(samples).size).toBeGreaterThan(400);
  });
});
