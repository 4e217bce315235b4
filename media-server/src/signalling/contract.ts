import { z } from "zod";
import type { AppErrorCode } from "../../../lib/core/app-error";
import type { Permission } from "../../../lib/auth/roles";
import type { MediaRole } from "../../../lib/media/token";

/**
 * The socket.io signalling contract between browsers (mediasoup-client) and the media-server:
 * event maps for socket.io's typed Server/Socket, plus a zod schema and a required permission per
 * request. Requests are acknowledged with `TAck`; server pushes are one-way notifications.
 * Web and browser code import this file as types only (`import type`).
 */

export type TAck<T> = { ok: true; data: T } | { ok: false; error: { code: AppErrorCode | string; message: string } };
export type AckFn<T> = (res: TAck<T>) => void;

/** Who is on the socket: the verified claims of the handshake token. */
export interface SocketPrincipal {
  userId: string;
  workspaceId: string;
  role: MediaRole;
  callId?: string;
  /** Token id (for logs), and when the token expired — the socket stays up after that. */
  jti: string;
  tokenExp: number;
}

// ---- Requests -------------------------------------------------------------------------------

export const ZWhoamiRequestSchema = z.strictObject({});
export type TWhoamiRequest = z.infer<typeof ZWhoamiRequestSchema>;
export interface TWhoamiResponse {
  userId: string;
  workspaceId: string;
  role: MediaRole;
  callId: string | null;
}

// mediasoup objects travel as JSON; their inner shape is mediasoup's own (checked by mediasoup itself),
// so only the envelope is validated here and sizes are bounded by the socket's maxHttpBufferSize.
const ZMediasoupObject = z.record(z.string(), z.unknown());
const ZId = z.string().min(1).max(64);

/**
 * Join a call's media room; `as` is the leg type (supervisor modes come later and will need
 * `supervisor:monitor`). A token naming this call authorises the join: the handshake's (a socket
 * opened for one call), or `token` — the call token web mints on accept, presented on the socket the
 * softphone keeps open across calls (opened with a token for the user alone, which joins nothing).
 * From then on the socket's requests act as that call's token. `rtpCapabilities` (the client's
 * loaded Device) batches the setup into this one round trip: the answer then also carries both
 * transports and, when the customer's audio is already there, the paused consumer.
 */
export const ZJoinCallRequestSchema = z.strictObject({
  callId: ZId,
  as: z.literal("agent").default("agent"),
  token: z.string().min(1).max(4096).optional(),
  rtpCapabilities: ZMediasoupObject.optional(),
});
export type TJoinCallRequest = z.infer<typeof ZJoinCallRequestSchema>;
export interface TJoinCallResponse {
  legId: string;
  routerRtpCapabilities: unknown;
  held: boolean;
  /** The customer producer exists (the agent can consume it now). */
  customerAudio: boolean;
  /** With `rtpCapabilities`, for a new leg: its receive and send transports. */
  transports?: { recv: TCreateTransportResponse; send: TCreateTransportResponse };
  /** With `rtpCapabilities`, for a new leg: the customer's consumer (paused; resume it), or null when the customer's audio is not there yet (ask `consume`). */
  consumer?: TConsumeResponse | null;
  /**
   * With `rtpCapabilities`, for a new leg: the microphones of the other agents already in the call
   * (a conference: an added participant, or a warm transfer), paused — resume each. Agents who start
   * producing later arrive as `peerConsumer` pushes.
   */
  peers?: TPeerConsumer[];
}

/** Another agent's microphone on this leg's receive transport. */
export interface TPeerConsumer extends TConsumeResponse {
  userId: string;
}

/** The joined call's router capabilities; before any join, the ones every call router has (the softphone loads its Device once with them). */
export const ZGetRouterRtpCapabilitiesRequestSchema = z.strictObject({});
export type TGetRouterRtpCapabilitiesResponse = { routerRtpCapabilities: unknown };

export const ZCreateTransportRequestSchema = z.strictObject({ direction: z.enum(["send", "recv"]) });
export type TCreateTransportRequest = z.infer<typeof ZCreateTransportRequestSchema>;
export interface TCreateTransportResponse {
  id: string;
  iceParameters: unknown;
  iceCandidates: unknown[];
  dtlsParameters: unknown;
}

export const ZConnectTransportRequestSchema = z.strictObject({ transportId: ZId, dtlsParameters: ZMediasoupObject });
export type TConnectTransportRequest = z.infer<typeof ZConnectTransportRequestSchema>;

/** Audio only: WhatsApp calls are voice calls. */
export const ZProduceRequestSchema = z.strictObject({
  transportId: ZId,
  kind: z.literal("audio"),
  rtpParameters: ZMediasoupObject,
  appData: z.record(z.string(), z.unknown()).optional(),
});
export type TProduceRequest = z.infer<typeof ZProduceRequestSchema>;
export type TProduceResponse = { id: string };

/** Consume the customer's audio on the receive transport. The consumer starts paused: send
 * `resumeConsumer` once the client-side consumer exists, or no audio ever flows. */
export const ZConsumeRequestSchema = z.strictObject({
  transportId: ZId,
  source: z.literal("customer").default("customer"),
  rtpCapabilities: ZMediasoupObject,
});
export type TConsumeRequest = z.infer<typeof ZConsumeRequestSchema>;
export interface TConsumeResponse {
  id: string;
  producerId: string;
  kind: "audio";
  rtpParameters: unknown;
  paused: boolean;
}

export const ZResumeConsumerRequestSchema = z.strictObject({ consumerId: ZId });
export type TResumeConsumerRequest = z.infer<typeof ZResumeConsumerRequestSchema>;

/** Leave one call (`callId`: the socket stays up for the next call), or every call of this socket. */
export const ZLeaveRequestSchema = z.strictObject({ callId: ZId.optional() });
export type TOk = { ok: true };

/** Request name → its schema and the permission (lib/auth/roles.ts) the socket's role must have. */
export const REQUESTS = {
  whoami: { schema: ZWhoamiRequestSchema, permission: "calls:use" },
  joinCall: { schema: ZJoinCallRequestSchema, permission: "calls:use" },
  getRouterRtpCapabilities: { schema: ZGetRouterRtpCapabilitiesRequestSchema, permission: "calls:use" },
  createTransport: { schema: ZCreateTransportRequestSchema, permission: "calls:use" },
  connectTransport: { schema: ZConnectTransportRequestSchema, permission: "calls:use" },
  produce: { schema: ZProduceRequestSchema, permission: "calls:use" },
  consume: { schema: ZConsumeRequestSchema, permission: "calls:use" },
  resumeConsumer: { schema: ZResumeConsumerRequestSchema, permission: "calls:use" },
  leave: { schema: ZLeaveRequestSchema, permission: "calls:use" },
} as const satisfies Record<string, { schema: z.ZodType; permission: Permission }>;

export type RequestName = keyof typeof REQUESTS;

/** Request name → the ack's `data`. */
export interface ResponseMap {
  whoami: TWhoamiResponse;
  joinCall: TJoinCallResponse;
  getRouterRtpCapabilities: TGetRouterRtpCapabilitiesResponse;
  createTransport: TCreateTransportResponse;
  connectTransport: TOk;
  produce: TProduceResponse;
  consume: TConsumeResponse;
  resumeConsumer: TOk;
  leave: TOk;
}

export type ClientToServerEvents = {
  [K in RequestName]: (payload: z.input<(typeof REQUESTS)[K]["schema"]>, ack: AckFn<ResponseMap[K]>) => void;
};

// ---- Server pushes (one-way) -----------------------------------------------------------------

/** Notifications the server sends without a request. Rooms and legs add theirs here (legClosed, callState …). */
export interface ServerToClientEvents {
  /** The server is shutting down; reconnect with a fresh token. */
  serverClosing: (payload: { reason: string }) => void;
  /** This socket's leg was closed by the server (call ended, transport failed …). */
  legClosed: (payload: { callId: string; legId: string; reason: string }) => void;
  /**
   * Another agent in the call started producing: their microphone on this leg's receive transport,
   * paused. Consume it with these parameters, then send `resumeConsumer`, and play it.
   */
  peerConsumer: (payload: { callId: string; consumer: TPeerConsumer }) => void;
  /** A consumer of this leg ended (that agent left the call): close it and stop playing it. */
  consumerClosed: (payload: { callId: string; consumerId: string }) => void;
}

export type InterServerEvents = Record<string, never>;

export interface SocketData {
  /** The handshake token's claims. */
  principal: SocketPrincipal;
  /** The claims of the call token the last joinCall presented; requests act as this once set. */
  call?: SocketPrincipal;
}
