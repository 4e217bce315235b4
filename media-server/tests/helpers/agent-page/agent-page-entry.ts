/// <reference lib="dom" />
/**
 * The browser side of the media tests: what the agent softphone does with mediasoup-client 3.18,
 * reduced to the signalling contract. Bundled by esbuild into a static page; the test drives it with
 * page.evaluate(). Received audio is measured with a WebAudio AnalyserNode — Chrome reports
 * inbound audioLevel 0 for a muted <audio> element (media-bridge §9 fact 8).
 */
import { Device } from "mediasoup-client";
import { io, type Socket } from "socket.io-client";

type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

interface AgentState {
  socket: Socket;
  analyser: AnalyserNode;
  /** What the other agents of a conference say (peer consumers), apart from the customer. */
  peerAnalyser: AnalyserNode;
  ctx: AudioContext;
  closedLegs: { reason: string }[];
  peers: { consumerId: string; userId: string; closed: boolean }[];
}

let state: AgentState | null = null;

async function request<T>(socket: Socket, name: string, payload: unknown): Promise<T> {
  const res = (await socket.timeout(10_000).emitWithAck(name, payload)) as Ack<T>;
  if (!res.ok) throw new Error(`${name}: ${res.error.code} ${res.error.message}`);
  return res.data;
}

async function join(opts: { url: string; token: string; callId: string }): Promise<{ legId: string; handler: string }> {
  const socket = io(opts.url, { path: "/socket.io", auth: { token: opts.token }, transports: ["websocket"], reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", (e) => reject(e));
  });
  const closedLegs: { reason: string }[] = [];
  socket.on("legClosed", (p: { reason: string }) => closedLegs.push(p));

  const joined = await request<{ legId: string; routerRtpCapabilities: unknown }>(socket, "joinCall", { callId: opts.callId, as: "agent" });
  const device = new Device();
  await device.load({ routerRtpCapabilities: joined.routerRtpCapabilities as never });

  // Receive: the customer.
  const recvInfo = await request<Record<string, unknown>>(socket, "createTransport", { direction: "recv" });
  const recv = device.createRecvTransport(recvInfo as never);
  recv.on("connect", ({ dtlsParameters }, ok, fail) => {
    request(socket, "connectTransport", { transportId: recv.id, dtlsParameters }).then(() => ok(), fail);
  });
  // Other agents (a conference): pushed once this leg can receive, i.e. from the consume below on.
  const ctx = new AudioContext({ sampleRate: 48_000 });
  const peerAnalyser = ctx.createAnalyser();
  peerAnalyser.fftSize = 8192;
  peerAnalyser.smoothingTimeConstant = 0.5;
  const peers: AgentState["peers"] = [];
  socket.on("peerConsumer", (p: { consumer: { id: string; producerId: string; kind: "audio"; rtpParameters: unknown; userId: string } }) => {
    const entry = { consumerId: p.consumer.id, userId: p.consumer.userId, closed: false };
    peers.push(entry);
    void (async () => {
      const pc = await recv.consume({ id: p.consumer.id, producerId: p.consumer.producerId, kind: "audio", rtpParameters: p.consumer.rtpParameters as never });
      await request(socket, "resumeConsumer", { consumerId: pc.id });
      const s = new MediaStream([pc.track]);
      const el = document.createElement("audio");
      el.srcObject = s;
      el.muted = true;
      document.body.appendChild(el);
      await el.play().catch(() => undefined);
      ctx.createMediaStreamSource(s).connect(peerAnalyser);
    })();
  });
  socket.on("consumerClosed", (p: { consumerId: string }) => {
    for (const e of peers) if (e.consumerId === p.consumerId) e.closed = true;
  });

  const c = await request<{ id: string; producerId: string; kind: "audio"; rtpParameters: unknown }>(socket, "consume", {
    transportId: recv.id,
    source: "customer",
    rtpCapabilities: device.rtpCapabilities,
  });
  const consumer = await recv.consume({ id: c.id, producerId: c.producerId, kind: c.kind, rtpParameters: c.rtpParameters as never });
  await request(socket, "resumeConsumer", { consumerId: consumer.id });

  const stream = new MediaStream([consumer.track]);
  const audio = document.createElement("audio");
  audio.srcObject = stream;
  audio.muted = true;
  document.body.appendChild(audio);
  await audio.play().catch(() => undefined);
  await ctx.resume();
  const source = ctx.createMediaStreamSource(stream);
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 8192;
  analyser.smoothingTimeConstant = 0.5;
  source.connect(analyser);

  // Send: the fake microphone (Chromium plays the --use-file-for-fake-audio-capture WAV).
  const sendInfo = await request<Record<string, unknown>>(socket, "createTransport", { direction: "send" });
  const send = device.createSendTransport(sendInfo as never);
  send.on("connect", ({ dtlsParameters }, ok, fail) => {
    request(socket, "connectTransport", { transportId: send.id, dtlsParameters }).then(() => ok(), fail);
  });
  send.on("produce", ({ kind, rtpParameters }, ok, fail) => {
    request<{ id: string }>(socket, "produce", { transportId: send.id, kind, rtpParameters }).then(({ id }) => ok({ id }), fail);
  });
  const mic = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false } });
  await send.produce({ track: mic.getAudioTracks()[0], codecOptions: { opusStereo: false, opusDtx: false } });

  state = { socket, analyser, peerAnalyser, ctx, closedLegs, peers };
  return { legId: joined.legId, handler: device.handlerName };
}

/** The loudest frequency the agent hears right now (Hz) and its level (dB): from the customer, or from the other agents. */
function measure(from: "customer" | "peers" = "customer"): { peakHz: number; peakDb: number } {
  if (!state) throw new Error("not joined");
  const analyser = from === "peers" ? state.peerAnalyser : state.analyser;
  const bins = new Float32Array(analyser.frequencyBinCount);
  analyser.getFloatFrequencyData(bins);
  let best = 0;
  for (let i = 1; i < bins.length; i++) if (bins[i] > bins[best]) best = i;
  return { peakHz: (best * state.ctx.sampleRate) / analyser.fftSize, peakDb: bins[best] };
}

function peers(): AgentState["peers"] {
  return state?.peers ?? [];
}

async function leave(): Promise<void> {
  if (!state) return;
  await request(state.socket, "leave", {});
  state.socket.close();
  await state.ctx.close();
  state = null;
}

function closedLegs(): { reason: string }[] {
  return state?.closedLegs ?? [];
}

Object.assign(window, { agent: { join, measure, leave, closedLegs, peers } });
