import { describe, expect, it } from "vitest";
import { assessQuality, estimateMos, levelForMos, sampleFromStats } from "./network-quality";

describe("sampleFromStats", () => {
  it("reads audio inbound counters, jitter (s → ms) and RTT from remote-inbound-rtp", () => {
    const s = sampleFromStats([
      { type: "inbound-rtp", kind: "audio", packetsReceived: 1000, packetsLost: 10, jitter: 0.012 },
      { type: "inbound-rtp", kind: "video", packetsReceived: 99999, packetsLost: 999 },
      { type: "remote-inbound-rtp", roundTripTime: 0.08 },
      { type: "candidate-pair", nominated: true, currentRoundTripTime: 0.5 },
    ]);
    expect(s).toEqual({ rttMs: 80, jitterMs: 12, packetsReceived: 1000, packetsLost: 10 });
  });

  it("falls back to the nominated candidate pair's RTT and clamps negative loss", () => {
    const s = sampleFromStats([
      { type: "inbound-rtp", kind: "audio", packetsReceived: 50, packetsLost: -2, jitter: 0.001 },
      { type: "candidate-pair", nominated: true, currentRoundTripTime: 0.03 },
    ]);
    expect(s.rttMs).toBeCloseTo(30);
    expect(s.packetsLost).toBe(0);
  });
});

describe("assessQuality", () => {
  it("is good on a clean LAN call", () => {
    const prev = { rttMs: 2, jitterMs: 1, packetsReceived: 0, packetsLost: 0 };
    const r = assessQuality(prev, { rttMs: 2, jitterMs: 1, packetsReceived: 250, packetsLost: 0 });
    expect(r.level).toBe("good");
    expect(r.lossPct).toBe(0);
  });

  it("uses loss over the interval, not since the start", () => {
    // 50 % loss in the past, none now: the indicator recovers.
    const prev = { rttMs: 20, jitterMs: 5, packetsReceived: 500, packetsLost: 500 };
    const r = assessQuality(prev, { rttMs: 20, jitterMs: 5, packetsReceived: 750, packetsLost: 500 });
    expect(r.lossPct).toBe(0);
    expect(r.level).toBe("good");
  });

  it("is fair around 3 % loss and poor at 10 % loss or 1 s RTT", () => {
    const base = { rttMs: 40, jitterMs: 5, packetsReceived: 0, packetsLost: 0 };
    expect(assessQuality(base, { ...base, packetsReceived: 970, packetsLost: 30 }).level).toBe("fair");
    expect(assessQuality(base, { ...base, packetsReceived: 900, packetsLost: 100 }).level).toBe("poor");
    expect(assessQuality(base, { ...base, rttMs: 1000, packetsReceived: 1000 }).level).toBe("poor");
  });

  it("reports poor when no packet arrived during a live interval, unknown before any stats", () => {
    const s = { rttMs: 10, jitterMs: 1, packetsReceived: 100, packetsLost: 0 };
    expect(assessQuality(s, s).level).toBe("poor");
    expect(assessQuality(null, { rttMs: null, jitterMs: null, packetsReceived: 0, packetsLost: 0 }).level).toBe("unknown");
  });
});

describe("estimateMos", () => {
  it("follows the simplified E-model (max 4.5 region, monotonic in loss)", () => {
    expect(estimateMos(0, 0, 0)).toBeGreaterThan(4.3);
    expect(estimateMos(0, 0, 5)).toBeLessThan(estimateMos(0, 0, 1));
    expect(levelForMos(4.35)).toBe("good");
    expect(levelForMos(3.7)).toBe("fair");
    expect(levelForMos(2)).toBe("poor");
  });
});
