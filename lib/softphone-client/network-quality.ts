/**
 * Live call quality from WebRTC `getStats()` (W3C webrtc-stats): RTT, jitter and packet loss →
 * a MOS estimate → good / fair / poor for the softphone's indicator.
 *
 * Stat facts this relies on:
 * - `inbound-rtp.jitter` and `remote-inbound-rtp.roundTripTime` / `candidate-pair.currentRoundTripTime`
 *   are in **seconds**; `packetsLost` / `packetsReceived` are cumulative counters since the stream
 *   started, so loss is computed from the difference between two samples (a call that had a bad
 *   first minute recovers on the indicator).
 * - `packetsLost` can be negative (duplicates counted as received), so it is clamped at 0.
 * - MOS uses the simplified E-model from reference media-bridge.md §6 [S35]: effective latency =
 *   RTT/2 + 2×jitter + 10 ms; R = 93.2 − eff/40 (eff < 160) else 93.2 − (eff − 120)/10;
 *   R −= 2.5 × loss%; MOS = 1 + 0.035R + 7e-6·R(R−60)(100−R), clamped to 1..4.5.
 */
export type QualityLevel = "good" | "fair" | "poor" | "unknown";

export interface QualitySample {
  /** Round-trip time, ms (null when not reported yet). */
  rttMs: number | null;
  /** Receive jitter, ms. */
  jitterMs: number | null;
  /** Cumulative counters of the received audio. */
  packetsReceived: number;
  packetsLost: number;
}

export interface QualityReading {
  level: QualityLevel;
  mos: number | null;
  rttMs: number | null;
  jitterMs: number | null;
  /** Loss over the last interval, percent. */
  lossPct: number | null;
}

interface StatLike {
  type: string;
  [key: string]: unknown;
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** Reads one sample from the stats of the receive (and optionally send) transport. */
export function sampleFromStats(reports: Iterable<StatLike>): QualitySample {
  let rtt: number | null = null;
  let jitter: number | null = null;
  let received = 0;
  let lost = 0;
  for (const s of reports) {
    if (s.type === "inbound-rtp" && (s.kind === "audio" || s.mediaType === "audio")) {
      received += num(s.packetsReceived) ?? 0;
      lost += Math.max(0, num(s.packetsLost) ?? 0);
      const j = num(s.jitter);
      if (j !== null) jitter = Math.max(jitter ?? 0, j * 1000);
    } else if (s.type === "remote-inbound-rtp") {
      const r = num(s.roundTripTime);
      if (r !== null) rtt = Math.max(rtt ?? 0, r * 1000);
    } else if (s.type === "candidate-pair" && (s.nominated === true || s.state === "succeeded")) {
      const r = num(s.currentRoundTripTime);
      if (r !== null && rtt === null) rtt = r * 1000;
    }
  }
  return { rttMs: rtt, jitterMs: jitter, packetsReceived: received, packetsLost: lost };
}

export function estimateMos(rttMs: number, jitterMs: number, lossPct: number): number {
  const eff = rttMs / 2 + 2 * jitterMs + 10;
  let r = eff < 160 ? 93.2 - eff / 40 : 93.2 - (eff - 120) / 10;
  r -= 2.5 * lossPct;
  const mos = 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r);
  return Math.min(4.5, Math.max(1, mos));
}

/**
 * E-model bands (ITU-T G.107 annex B): MOS ≥ 4.3 ≈ R ≥ 90 "very satisfied" (good); MOS ≥ 3.6 ≈
 * R ≥ 70 "some users dissatisfied" (fair); below that most users notice (poor).
 */
export function levelForMos(mos: number): QualityLevel {
  if (mos >= 4.3) return "good";
  if (mos >= 3.6) return "fair";
  return "poor";
}

/** Quality between two samples (`prev` null on the first one: loss counted since the start). */
export function assessQuality(prev: QualitySample | null, cur: QualitySample): QualityReading {
  const dRecv = cur.packetsReceived - (prev?.packetsReceived ?? 0);
  const dLost = cur.packetsLost - (prev?.packetsLost ?? 0);
  const total = Math.max(0, dRecv) + Math.max(0, dLost);
  const lossPct = total > 0 ? (Math.max(0, dLost) / total) * 100 : null;
  if (cur.rttMs === null && cur.jitterMs === null && lossPct === null) {
    return { level: "unknown", mos: null, rttMs: null, jitterMs: null, lossPct: null };
  }
  // No packets at all during an interval while a call is live is itself a bad sign.
  if (prev !== null && total === 0) {
    return { level: "poor", mos: 1, rttMs: cur.rttMs, jitterMs: cur.jitterMs, lossPct: null };
  }
  const mos = estimateMos(cur.rttMs ?? 0, cur.jitterMs ?? 0, lossPct ?? 0);
  return { level: levelForMos(mos), mos: Math.round(mos * 100) / 100, rttMs: cur.rttMs, jitterMs: cur.jitterMs, lossPct };
}
