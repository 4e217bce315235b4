import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters, RtpHeader, RtpPacket } from "werift";
import { createCallingApi, type CallingApi } from "@/lib/calls/calling-api";
import { detectTone } from "@/lib/sandbox/meta-relay/goertzel";
import { decodeOpus, RATE, toneFrames } from "@/lib/sandbox/meta-relay/relay-audio";
import { type RunningSandbox, startSandbox } from "@/lib/sandbox/server";
import { type WebhookReceiver, startWebhookReceiver } from "@/lib/sandbox/testing/webhook-receiver";
import { SANDBOX_DEFAULTS } from "@/lib/whatsapp/config";
import { parseWebhook } from "@/lib/whatsapp/parse-webhook";
import { callEvents, isCall, sandboxCalling, until } from "../helpers/sandbox-calling";

/**
 * Issue 4 §8 — sandbox calls with real media: the simulated user's phone uses the fake Meta relay
 * (werift, ICE-lite). The test plays the business with a full-ICE werift peer, answers through
 * the app's Calling API client, and checks that each side hears the other's tone. Also Meta's
 * no-media rule: a business that never sends RTP loses the call with 138021.
 */
const SECRET = "calls-media-app-secret";
const PHONE_ID = SANDBOX_DEFAULTS.phoneNumberId;
const USER_TONE = 440;
const BUSINESS_TONE = 880;

let sandbox: RunningSandbox;
let receiver: WebhookReceiver;
let api: CallingApi;
const cleanups: (() => Promise<void> | void)[] = [];

const { transport, control } = sandboxCalling(() => sandbox.url);

/** The business: a full-ICE werift peer (controlling toward the ICE-lite relay) playing a tone. */
async function businessAnswer(offerSdp: string) {
  const pc = new RTCPeerConnection({
    codecs: {
      audio: [
        new RTCRtpCodecParameters({ mimeType: "audio/opus", clockRate: 48000, channels: 2, payloadType: 111 }),
        new RTCRtpCodecParameters({ mimeType: "audio/telephone-event", clockRate: 8000, channels: 1, payloadType: 126 }),
      ],
    },
    headerExtensions: { audio: [] },
    iceAdditionalHostAddresses: ["127.0.0.1"],
    iceUseIpv6: false,
  });
  const track = new MediaStreamTrack({ kind: "audio" });
  const heard: Buffer[] = [];
  pc.onTrack.subscribe((remote) => remote.onReceiveRtp.subscribe((rtp) => rtp.header.payloadType === 111 && heard.push(rtp.payload)));
  await pc.setRemoteDescription({ type: "offer", sdp: offerSdp });
  const transceiver = pc.getTransceivers()[0]!;
  transceiver.setDirection("sendrecv");
  await transceiver.sender.replaceTrack(track);
  await pc.setLocalDescription(await pc.createAnswer());
  if (pc.iceGatheringState !== "complete") await pc.iceGatheringStateChange.watch((s) => s === "complete", 10_000);
  const frames = toneFrames(BUSINESS_TONE);
  let i = 0;
  let seq = 1;
  let ts = 0;
  let timer: NodeJS.Timeout | null = null;
  const startSending = () => {
    timer = setInterval(() => {
      track.writeRtp(new RtpPacket(new RtpHeader({ payloadType: 111, sequenceNumber: seq++ & 0xffff, timestamp: (ts += 960) >>> 0, ssrc: 0 }), frames[i++ % frames.length]!));
    }, 20);
  };
  return {
    pc,
    heard,
    answer: pc.localDescription!.sdp,
    startSending,
    close: async () => {
      if (timer) clearInterval(timer);
      await pc.close();
    },
  };
}

beforeAll(async () => {
  receiver = await startWebhookReceiver(SECRET);
  sandbox = await startSandbox({ port: 0, appSecret: SECRET, webhookUrl: receiver.url });
  api = createCallingApi({ phoneNumberId: PHONE_ID, transport });
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
  await control("POST", "/reset"); // closes relays
});

describe("sandbox calls with the fake Meta relay", () => {
  it("user-initiated: two-way audio after pre_accept + accept, then the user hangs up", async () => {
    const user = await control<{ key: string }>("POST", "/users", { phone: "+91 98123 45678" });
    const placed = await control<{ id: string }>("POST", `/users/${user.json.key}/calls`, { relay: true, tone: USER_TONE });
    expect(placed.status).toBe(201);
    const callId = placed.json.id;
    const connect = await receiver.waitFor(isCall(callId, "connect"));
    const offer = callEvents(connect)[0]!.sdp!;
    expect(offer).toContain("a=ice-lite");

    const business = await businessAnswer(offer);
    cleanups.push(business.close);
    await api.preAccept({ callId, sdp: business.answer });
    await business.pc.connectionStateChange.watch((s) => s === "connected", 10_000);
    await api.accept({ callId, sdp: business.answer });
    business.startSending();

    // The business hears the user's tone…
    await until("business to receive 60 packets", () => business.heard.length >= 60);
    const atBusiness = detectTone(decodeOpus(business.heard.slice(-40)).subarray(1920), [USER_TONE, BUSINESS_TONE], RATE);
    expect(atBusiness.freq).toBe(USER_TONE);
    // …and the user hears the business's tone.
    const path = `/calls/${encodeURIComponent(callId)}/audio?freqs=${USER_TONE},${BUSINESS_TONE}&windowMs=600`;
    await until("relay to receive 60 packets", async () => (await control<{ packetsReceived: number }>("GET", path)).json.packetsReceived >= 60);
    const atUser = await control<{ detection: { freq: number | null } }>("GET", path);
    expect(atUser.json.detection.freq).toBe(BUSINESS_TONE);

    await control("POST", `/calls/${encodeURIComponent(callId)}/hangup`, {});
    const term = await receiver.waitFor(isCall(callId, "terminate"));
    expect(callEvents(term)[0]!.status).toBe("COMPLETED");
  }, 30_000);

  it("business-initiated: Meta's answer from the relay, ACCEPTED once media is up, audio both ways", async () => {
    const user = await control<{ key: string }>("POST", "/users", { phone: "+44 7700 900123" });
    await control("POST", `/users/${user.json.key}/messages`, { type: "text", text: "hi" });
    await api.sendCallPermissionRequest({ to: user.json.key });
    await control("POST", `/users/${user.json.key}/call-permission`, { response: "accept" });
    expect((await control("POST", `/users/${user.json.key}/call-media`, { relay: true, tone: USER_TONE })).status).toBe(200);

    // The business offers (actpass) from a full-ICE werift peer.
    const pc = new RTCPeerConnection({
      codecs: { audio: [new RTCRtpCodecParameters({ mimeType: "audio/opus", clockRate: 48000, channels: 2, payloadType: 111 })] },
      headerExtensions: { audio: [] },
      iceAdditionalHostAddresses: ["127.0.0.1"],
      iceUseIpv6: false,
    });
    cleanups.push(() => pc.close());
    const track = new MediaStreamTrack({ kind: "audio" });
    const heard: Buffer[] = [];
    pc.addTransceiver(track, { direction: "sendrecv" });
    pc.onTrack.subscribe((remote) => remote.onReceiveRtp.subscribe((rtp) => rtp.header.payloadType === 111 && heard.push(rtp.payload)));
    await pc.setLocalDescription(await pc.createOffer());
    if (pc.iceGatheringState !== "complete") await pc.iceGatheringStateChange.watch((s) => s === "complete", 10_000);

    const { callId } = await api.connect({ to: "447700900123", sdp: pc.localDescription!.sdp });
    const connect = await receiver.waitFor(isCall(callId, "connect"));
    const answer = callEvents(connect)[0]!;
    expect(answer.sdpType).toBe("answer");
    expect(answer.sdp).toContain("a=setup:active");
    await pc.setRemoteDescription({ type: "answer", sdp: answer.sdp! });
    const frames = toneFrames(BUSINESS_TONE);
    let i = 0;
    const timer = setInterval(() => track.writeRtp(new RtpPacket(new RtpHeader({ payloadType: 111, sequenceNumber: i & 0xffff, timestamp: (i * 960) >>> 0, ssrc: 0 }), frames[i++ % frames.length]!)), 20);
    cleanups.push(() => clearInterval(timer));

    await control("POST", `/calls/${encodeURIComponent(callId)}/answer`, {});
    await receiver.waitFor((d) => parseWebhook(d.json).some((e) => e.kind === "call_status" && e.callId === callId && e.status === "ACCEPTED"), 15_000);
    expect(pc.connectionState).toBe("connected");
    await until("business to receive 60 packets", () => heard.length >= 60);
    expect(detectTone(decodeOpus(heard.slice(-40)).subarray(1920), [USER_TONE, BUSINESS_TONE], RATE).freq).toBe(USER_TONE);
    const path = `/calls/${encodeURIComponent(callId)}/audio?freqs=${USER_TONE},${BUSINESS_TONE}&windowMs=600`;
    await until("relay to receive 60 packets", async () => (await control<{ packetsReceived: number }>("GET", path)).json.packetsReceived >= 60);
    expect((await control<{ detection: { freq: number | null } }>("GET", path)).json.detection.freq).toBe(BUSINESS_TONE);

    await api.terminate({ callId });
    expect(callEvents(await receiver.waitFor(isCall(callId, "terminate")))[0]!.status).toBe("COMPLETED");
  }, 30_000);

  it("no media from the business after accept → terminate FAILED with 138021", async () => {
    await control("POST", "/calling", { noMediaTimeoutMs: 300 });
    const user = await control<{ key: string }>("POST", "/users", { phone: "+91 98123 45679" });
    const placed = await control<{ id: string }>("POST", `/users/${user.json.key}/calls`, { relay: true, tone: USER_TONE });
    const callId = placed.json.id;
    const connect = await receiver.waitFor(isCall(callId, "connect"));
    const business = await businessAnswer(callEvents(connect)[0]!.sdp!);
    cleanups.push(business.close);
    await api.accept({ callId, sdp: business.answer }); // …and never sends RTP
    const term = await receiver.waitFor(isCall(callId, "terminate"));
    const t = callEvents(term)[0]!;
    expect(t.status).toBe("FAILED");
    expect(t.error?.code).toBe(138021);
  }, 30_000);
});
