import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters, RtpHeader, RtpPacket } from "werift";
import { createCallingApi, type CallingApi } from "@/lib/calls/calling-api";
import { detectTone } from "@/lib/sandbox/meta-relay/goertzel";
import { decodeOpus, FRAME, RATE, toneFrames } from "@/lib/sandbox/meta-relay/relay-audio";
import { type RunningSandbox, startSandbox } from "@/lib/sandbox/server";
import { type WebhookReceiver, startWebhookReceiver } from "@/lib/sandbox/testing/webhook-receiver";
import { resetWhatsAppConfig, SANDBOX_DEFAULTS } from "@/lib/whatsapp/config";
import { startHttpApp } from "../helpers/http-app";
import { callEvents, isCall, sandboxCalling, until } from "../helpers/sandbox-calling";

/**
 * Issue 4 §8 — the phone simulator's browser as the WhatsApp user's microphone and speaker. Over the
 * sandbox's real HTTP control API, a werift peer plays "the browser" (full ICE, offerer, Opus on
 * PT 109 to prove the payload type is mapped to Meta's 111) and joins a call whose fake Meta relay
 * (ICE-lite) faces a werift "business". Tones: relay 440 Hz, business 880 Hz, browser 660 Hz.
 */
const SECRET = "phone-bridge-app-secret";
const RELAY_TONE = 440;
const BUSINESS_TONE = 880;
const BROWSER_TONE = 660;
const TONES = [RELAY_TONE, BUSINESS_TONE, BROWSER_TONE];
const BROWSER_OPUS_PT = 109;

let sandbox: RunningSandbox;
let receiver: WebhookReceiver;
let api: CallingApi;
const cleanups: (() => Promise<void> | void)[] = [];

const { transport, control } = sandboxCalling(() => sandbox.url);

interface Heard {
  payload: Buffer;
  seq: number;
  ts: number;
  pt: number;
}

/** The tone in the last ~0.6 s of what a peer received (null: none clearly). */
function toneIn(heard: Heard[]): number | null {
  if (heard.length < 30) return null;
  return detectTone(decodeOpus(heard.slice(-30).map((h) => h.payload)).subarray(FRAME * 2), TONES, RATE).freq;
}

/** Sequence numbers step by 1 (a lost packet or two allowed) and timestamps by whole 20 ms frames. */
function expectContinuous(heard: Heard[]): void {
  for (let i = 1; i < heard.length; i++) {
    const dSeq = (heard[i]!.seq - heard[i - 1]!.seq) & 0xffff;
    const dTs = (heard[i]!.ts - heard[i - 1]!.ts) >>> 0;
    expect(dSeq, `seq step at packet ${i}`).toBeGreaterThanOrEqual(1);
    expect(dSeq, `seq step at packet ${i}`).toBeLessThanOrEqual(3);
    expect(dTs, `timestamp step at packet ${i}`).toBeGreaterThanOrEqual(FRAME);
    expect(dTs, `timestamp step at packet ${i}`).toBeLessThanOrEqual(3 * FRAME);
  }
}

/** A werift peer playing a tone every 20 ms into `track` once started. */
function tonePlayer(track: MediaStreamTrack, freq: number, pt: number) {
  const frames = toneFrames(freq);
  let i = 0;
  const timer = setInterval(() => {
    track.writeRtp(new RtpPacket(new RtpHeader({ payloadType: pt, sequenceNumber: i & 0xffff, timestamp: (i * FRAME) >>> 0, ssrc: 0 }), frames[i % frames.length]!));
    i++;
  }, 20);
  return () => clearInterval(timer);
}

function recorder(pc: RTCPeerConnection, heard: Heard[]) {
  pc.onTrack.subscribe((remote) =>
    remote.onReceiveRtp.subscribe((rtp) => {
      heard.push({ payload: rtp.payload, seq: rtp.header.sequenceNumber, ts: rtp.header.timestamp, pt: rtp.header.payloadType });
    }),
  );
}

function peer(pt: number) {
  return new RTCPeerConnection({
    codecs: { audio: [new RTCRtpCodecParameters({ mimeType: "audio/opus", clockRate: 48000, channels: 2, payloadType: pt })] },
    headerExtensions: { audio: [] },
    iceAdditionalHostAddresses: ["127.0.0.1"],
    iceUseIpv6: false,
  });
}

/** The business (full ICE toward the ICE-lite relay) answers Meta's offer and plays its tone. */
async function business(offerSdp: string) {
  const pc = peer(111);
  const track = new MediaStreamTrack({ kind: "audio" });
  const heard: Heard[] = [];
  recorder(pc, heard);
  await pc.setRemoteDescription({ type: "offer", sdp: offerSdp });
  const transceiver = pc.getTransceivers()[0]!;
  transceiver.setDirection("sendrecv");
  await transceiver.sender.replaceTrack(track);
  await pc.setLocalDescription(await pc.createAnswer());
  if (pc.iceGatheringState !== "complete") await pc.iceGatheringStateChange.watch((s) => s === "complete", 10_000);
  let stop = () => {};
  cleanups.push(() => stop(), () => pc.close());
  return { pc, heard, answer: pc.localDescription!.sdp, play: () => (stop = tonePlayer(track, BUSINESS_TONE, 111)) };
}

/** "The browser": offers (non-trickle) to the sandbox's bridge, Opus on PT 109. */
async function browser(direction: "sendrecv" | "recvonly" = "sendrecv") {
  const pc = peer(BROWSER_OPUS_PT);
  const track = new MediaStreamTrack({ kind: "audio" });
  const heard: Heard[] = [];
  recorder(pc, heard);
  pc.addTransceiver(track, { direction });
  await pc.setLocalDescription(await pc.createOffer());
  if (pc.iceGatheringState !== "complete") await pc.iceGatheringStateChange.watch((s) => s === "complete", 10_000);
  let stop = () => {};
  cleanups.push(() => stop(), () => pc.close());
  return { pc, heard, offer: pc.localDescription!.sdp, play: () => (stop = tonePlayer(track, BROWSER_TONE, BROWSER_OPUS_PT)) };
}

/** A user-initiated call with a relay playing RELAY_TONE, accepted by the business, media both ways. */
async function connectedCall() {
  const user = await control<{ key: string }>("POST", "/users", { phone: `+91 98${String(Date.now()).slice(-8)}` });
  const placed = await control<{ id: string }>("POST", `/users/${encodeURIComponent(user.json.key)}/calls`, { relay: true, tone: RELAY_TONE });
  expect(placed.status).toBe(201);
  const callId = placed.json.id;
  const connect = await receiver.waitFor(isCall(callId, "connect"));
  const biz = await business(callEvents(connect)[0]!.sdp!);
  await api.preAccept({ callId, sdp: biz.answer });
  await api.accept({ callId, sdp: biz.answer });
  await biz.pc.connectionStateChange.watch((s) => s === "connected", 10_000);
  biz.play();
  return { callId, biz, path: `/calls/${encodeURIComponent(callId)}` };
}

beforeAll(async () => {
  receiver = await startWebhookReceiver(SECRET);
  // A shorter wait for a browser that went away without a word (werift's RTCP reports, sent while
  // only listening, come well within it).
  sandbox = await startSandbox({ port: 0, appSecret: SECRET, webhookUrl: receiver.url, browserSilenceMs: 4_000 });
  api = createCallingApi({ phoneNumberId: SANDBOX_DEFAULTS.phoneNumberId, transport });
});

afterAll(async () => {
  await sandbox?.close();
  await receiver?.close();
});

beforeEach(async () => {
  await sandbox.sender.idle();
  await control("POST", "/reset");
  receiver.clear();
});

afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
  await control("POST", "/reset");
});

describe("sandbox phone bridge: the browser speaks and listens through the fake Meta relay", () => {
  it("carries the browser's tone to the business and the business's tone to the browser, then falls back to the relay's tone", async () => {
    const { callId, biz, path } = await connectedCall();
    await until("the business to hear the relay's tone", () => toneIn(biz.heard) === RELAY_TONE);

    const b = await browser();
    const joined = await control<{ answer: string }>("POST", `${path}/browser`, { offer: b.offer });
    expect(joined.status).toBe(200);
    expect(joined.json.answer).toContain(`a=rtpmap:${BROWSER_OPUS_PT} opus/48000/2`);
    await b.pc.setRemoteDescription({ type: "answer", sdp: joined.json.answer });
    await b.pc.connectionStateChange.watch((s) => s === "connected", 10_000);
    b.play();

    const switchedAt = biz.heard.length;
    // The relay's own tone stops: the business hears the browser, on Meta's PT 111.
    await until("the business to hear the browser's tone", () => toneIn(biz.heard) === BROWSER_TONE);
    await until("the browser to hear the business's tone", () => toneIn(b.heard) === BUSINESS_TONE);
    expect(new Set(biz.heard.slice(switchedAt).map((h) => h.pt))).toEqual(new Set([111]));
    expect(new Set(b.heard.map((h) => h.pt))).toEqual(new Set([BROWSER_OPUS_PT]));
    // One continuous stream on each side across the switch (re-stamped seq/timestamps).
    expectContinuous(biz.heard);
    expectContinuous(b.heard);
    // The relay still analyses what the user hears (tests detect tones through it).
    const audio = await control<{ detection: { freq: number | null } }>("GET", `${path}/audio?freqs=${TONES.join(",")}&windowMs=600`);
    expect(audio.json.detection.freq).toBe(BUSINESS_TONE);
    const view = await control<{ browser: { connectionState: string; sends: boolean; packetsFromBrowser: number } | null }>("GET", path);
    expect(view.json.browser).toMatchObject({ connectionState: "connected", sends: true });
    expect(view.json.browser!.packetsFromBrowser).toBeGreaterThan(0);

    // The browser leaves: the relay's tone speaks for the user again and the call goes on.
    const left = await control<{ state: string; browser: unknown }>("DELETE", `${path}/browser`);
    expect(left.status).toBe(200);
    expect(left.json).toMatchObject({ state: "accepted", browser: null });
    await until("the business to hear the relay's tone again", () => toneIn(biz.heard) === RELAY_TONE);
    expectContinuous(biz.heard);

    await control("POST", `${path}/hangup`, {});
    expect(callEvents(await receiver.waitFor(isCall(callId, "terminate")))[0]!.status).toBe("COMPLETED");
  }, 45_000);

  it("the browser closes its connection without saying so: the relay's tone comes back, the call goes on", async () => {
    const { biz, path } = await connectedCall();
    const b = await browser();
    const joined = await control<{ answer: string }>("POST", `${path}/browser`, { offer: b.offer });
    await b.pc.setRemoteDescription({ type: "answer", sdp: joined.json.answer });
    await b.pc.connectionStateChange.watch((s) => s === "connected", 10_000);
    b.play();
    await until("the business to hear the browser's tone", () => toneIn(biz.heard) === BROWSER_TONE);
    await b.pc.close();
    await until("the bridge to notice", async () => (await control<{ browser: unknown }>("GET", path)).json.browser === null, 20_000);
    await until("the business to hear the relay's tone again", () => toneIn(biz.heard) === RELAY_TONE);
    expect((await control<{ state: string }>("GET", path)).json.state).toBe("accepted");
  }, 45_000);

  it("a browser without a microphone (recvonly) hears the business while the relay keeps its tone", async () => {
    const { biz, path } = await connectedCall();
    const b = await browser("recvonly");
    const joined = await control<{ answer: string }>("POST", `${path}/browser`, { offer: b.offer });
    expect(joined.status).toBe(200);
    expect(joined.json.answer).toContain("a=sendonly");
    await b.pc.setRemoteDescription({ type: "answer", sdp: joined.json.answer });
    await b.pc.connectionStateChange.watch((s) => s === "connected", 10_000);
    await until("the browser to hear the business's tone", () => toneIn(b.heard) === BUSINESS_TONE);
    const mark = biz.heard.length;
    await until("60 more packets at the business", () => biz.heard.length >= mark + 60);
    expect(toneIn(biz.heard)).toBe(RELAY_TONE);
  }, 45_000);

  it("rejects malformed or unusable offers with 400 and a clear message; unknown calls 404, calls without a relay 409", async () => {
    const { path } = await connectedCall();
    const garbage = await control<{ error: { code: string; message: string } }>("POST", `${path}/browser`, { offer: "not an sdp" });
    expect(garbage.status).toBe(400);
    expect(garbage.json.error.message).toMatch(/Malformed SDP offer/);

    const b = await browser();
    const noFingerprint = b.offer.replace(/^a=fingerprint:.*\r?\n/gm, "");
    const r1 = await control<{ error: { message: string } }>("POST", `${path}/browser`, { offer: noFingerprint });
    expect(r1.status).toBe(400);
    expect(r1.json.error.message).toMatch(/fingerprint/i);

    const noOpus = b.offer.replace(/opus\/48000\/2/g, "PCMU/8000");
    const r2 = await control<{ error: { message: string } }>("POST", `${path}/browser`, { offer: noOpus });
    expect(r2.status).toBe(400);
    expect(r2.json.error.message).toMatch(/no_opus/);

    const missing = await control<{ error: { message: string } }>("POST", `${path}/browser`, {});
    expect(missing.status).toBe(400);
    expect(missing.json.error.message).toMatch(/offer/);

    expect((await control("POST", `/calls/${encodeURIComponent("wacid.nope")}/browser`, { offer: b.offer })).status).toBe(404);

    const user = await control<{ key: string }>("POST", "/users", { phone: "+91 98765 43210" });
    const sdpOnly = await control<{ id: string }>("POST", `/users/${encodeURIComponent(user.json.key)}/calls`, {});
    const r3 = await control<{ error: { code: string } }>("POST", `/calls/${encodeURIComponent(sdpOnly.json.id)}/browser`, { offer: b.offer });
    expect(r3.status).toBe(409);
    expect(r3.json.error.code).toBe("INVALID_STATE");
  }, 30_000);
});

describe("the phone simulator's way in: the app's /api/sandbox proxy", () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const k of ["SANDBOX_URL", "WHATSAPP_ACCESS_TOKEN", "WHATSAPP_PHONE_NUMBER_ID", "WHATSAPP_WABA_ID", "WHATSAPP_APP_SECRET", "WHATSAPP_VERIFY_TOKEN"]) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    resetWhatsAppConfig();
  });

  it("forwards the browser route in sandbox mode and is a 404 with real Meta credentials", async () => {
    const { path } = await connectedCall();
    const app = await startHttpApp();
    try {
      const post = () =>
        fetch(`${app.url}/api/sandbox/control${path}/browser`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ offer: "v=0 nonsense" }) });
      process.env.SANDBOX_URL = sandbox.url;
      delete process.env.WHATSAPP_ACCESS_TOKEN;
      resetWhatsAppConfig();
      const inSandbox = await post();
      expect(inSandbox.status).toBe(400);
      expect(((await inSandbox.json()) as { error: { message: string } }).error.message).toMatch(/Malformed SDP offer/);

      Object.assign(process.env, {
        WHATSAPP_ACCESS_TOKEN: "real-token",
        WHATSAPP_PHONE_NUMBER_ID: "1",
        WHATSAPP_WABA_ID: "2",
        WHATSAPP_APP_SECRET: "s",
        WHATSAPP_VERIFY_TOKEN: "v",
      });
      resetWhatsAppConfig();
      expect((await post()).status).toBe(404);
    } finally {
      await app.close();
    }
  }, 30_000);
});
