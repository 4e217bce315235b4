import { parse, write, type SessionDescription } from "sdp-transform";
import { io, type Socket } from "socket.io-client";
import { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters, RtpHeader, RtpPacket } from "werift";
import { mintMediaToken } from "../../lib/media/token";
import { detectTone, type ToneDetection } from "../../lib/sandbox/meta-relay/goertzel";
import { decodeOpus, FRAME, RATE } from "../../lib/sandbox/meta-relay/relay-audio";

/**
 * A simulated agent browser for load tests: the real socket.io signalling contract, one mediasoup
 * WebRtcTransport used to send and receive (mediasoup allows both on one transport), and a werift
 * PeerConnection in place of Chrome. mediasoup is ICE-lite, so werift (full ICE) is handed an SDP
 * built from the transport's ICE/DTLS parameters and becomes the controlling DTLS client.
 */
type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

async function req<T>(socket: Socket, name: string, payload: unknown): Promise<T> {
  const res = (await socket.timeout(15_000).emitWithAck(name, payload)) as Ack<T>;
  if (!res.ok) throw new Error(`${name}: ${res.error.code} ${res.error.message}`);
  return res.data;
}

interface TransportInfo {
  id: string;
  iceParameters: { usernameFragment: string; password: string };
  iceCandidates: { foundation: string; priority: number; ip: string; protocol: string; port: number; type: string }[];
  dtlsParameters: { fingerprints: { algorithm: string; value: string }[] };
}

export interface WeriftAgent {
  /** Write one Opus frame (20 ms) toward the customer. */
  send(payload: Buffer): void;
  packetsReceived(): number;
  packetsSent(): number;
  /** What the agent heard during the last second, decoded only now (analysis is occasional). */
  detect(freqs: number[]): ToneDetection;
  close(): Promise<void>;
}

const KEEP_PACKETS = 50; // 1 s of received Opus payloads, kept raw in a ring

export async function joinAsWeriftAgent(opts: { url: string; secret: string; callId: string; userId: string }): Promise<WeriftAgent> {
  const { token } = mintMediaToken({ userId: opts.userId, workspaceId: "bench", role: "agent", callId: opts.callId, ttlSec: 600 }, opts.secret);
  const socket = io(opts.url, { path: "/socket.io", auth: { token }, transports: ["websocket"], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  await req(socket, "joinCall", { callId: opts.callId });
  const t = await req<TransportInfo>(socket, "createTransport", { direction: "send" });

  const pc = new RTCPeerConnection({
    codecs: { audio: [new RTCRtpCodecParameters({ mimeType: "audio/opus", clockRate: 48000, channels: 2, payloadType: 111 })] },
    headerExtensions: { audio: [] },
    iceAdditionalHostAddresses: ["127.0.0.1"],
    iceUseIpv6: false,
  });
  let received = 0;
  const heard: Buffer[] = [];
  pc.onTrack.subscribe((track) =>
    track.onReceiveRtp.subscribe((rtp) => {
      heard[received++ % KEEP_PACKETS] = rtp.payload;
    }),
  );
  const track = new MediaStreamTrack({ kind: "audio" });
  pc.addTransceiver(track, { direction: "sendrecv" });
  await pc.setLocalDescription(await pc.createOffer());
  const local = parse(pc.localDescription!.sdp);
  const m = local.media[0];
  const fp = m.fingerprint ?? local.fingerprint!;
  const ssrcLine = (m.ssrcs ?? []).find((s) => s.attribute === "cname")!;

  await req(socket, "connectTransport", { transportId: t.id, dtlsParameters: { role: "client", fingerprints: [{ algorithm: fp.type, value: fp.hash }] } });
  await req(socket, "produce", {
    transportId: t.id,
    kind: "audio",
    rtpParameters: {
      codecs: [{ mimeType: "audio/opus", payloadType: 111, clockRate: 48000, channels: 2, parameters: {}, rtcpFeedback: [] }],
      headerExtensions: [],
      encodings: [{ ssrc: Number(ssrcLine.id) }],
      rtcp: { cname: String(ssrcLine.value), reducedSize: true },
    },
  });
  const consumer = await req<{ id: string; rtpParameters: { encodings: { ssrc: number }[]; rtcp: { cname: string } } }>(socket, "consume", {
    transportId: t.id,
    source: "customer",
    rtpCapabilities: { codecs: [{ kind: "audio", mimeType: "audio/opus", clockRate: 48000, channels: 2, preferredPayloadType: 111, rtcpFeedback: [] }], headerExtensions: [] },
  });
  await req(socket, "resumeConsumer", { consumerId: consumer.id });

  const cands = t.iceCandidates.filter((c) => c.protocol === "udp");
  const sha = t.dtlsParameters.fingerprints.find((f) => f.algorithm === "sha-256") ?? t.dtlsParameters.fingerprints[0];
  const answer = {
    version: 0,
    origin: { username: "-", sessionId: Date.now(), sessionVersion: 1, netType: "IN", ipVer: 4, address: "127.0.0.1" },
    name: "-",
    timing: { start: 0, stop: 0 },
    icelite: "ice-lite",
    groups: [{ type: "BUNDLE", mids: String(m.mid) }],
    media: [
      {
        type: "audio",
        port: cands[0].port,
        protocol: "UDP/TLS/RTP/SAVPF",
        payloads: "111",
        connection: { version: 4, ip: cands[0].ip },
        candidates: cands.map((c) => ({ foundation: c.foundation, component: 1, transport: "udp", priority: c.priority, ip: c.ip, port: c.port, type: c.type })),
        iceUfrag: t.iceParameters.usernameFragment,
        icePwd: t.iceParameters.password,
        fingerprint: { type: sha.algorithm, hash: sha.value },
        setup: "passive",
        mid: String(m.mid),
        direction: "sendrecv",
        rtcpMux: "rtcp-mux",
        rtp: [{ payload: 111, codec: "opus", rate: 48000, encoding: 2 }],
        fmtp: [],
        ssrcs: [{ id: consumer.rtpParameters.encodings[0].ssrc, attribute: "cname", value: consumer.rtpParameters.rtcp.cname }],
      },
    ],
  } as unknown as SessionDescription;
  await pc.setRemoteDescription({ type: "answer", sdp: write(answer) });
  await pc.connectionStateChange.watch((s) => s === "connected", 15_000);

  let seq = 0;
  let ts = 0;
  let sent = 0;
  return {
    send(payload) {
      track.writeRtp(new RtpPacket(new RtpHeader({ payloadType: 111, sequenceNumber: seq, timestamp: ts, ssrc: 0 }), payload));
      sent++;
      seq = (seq + 1) & 0xffff;
      ts = (ts + 960) >>> 0;
    },
    packetsReceived: () => received,
    packetsSent: () => sent,
    detect(freqs) {
      const n = Math.min(received, KEEP_PACKETS);
      const ordered = Array.from({ length: n }, (_, i) => heard[(received - n + i) % KEEP_PACKETS]);
      // Skip the first 40 ms: a fresh decoder needs a couple of frames to settle.
      const pcm = decodeOpus(ordered);
      return detectTone(pcm.subarray(Math.min(pcm.length, FRAME * 2)), freqs, RATE);
    },
    async close() {
      socket.close();
      track.stop();
      await pc.close();
    },
  };
}
