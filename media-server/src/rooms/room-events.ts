/**
 * What the media-server reports to web about calls (signed POST to `/api/media/events`, see
 * lib/event-reporter.ts). Web's schema requires `media.` + past tense; the call engine applies them
 * through lib/calls/call-state.ts `transition()`, so duplicates and late arrivals are harmless.
 */
export const CallMediaEvent = {
  /** A leg's media path is up (customer: ICE + DTLS with Meta; agent: DTLS with the browser). */
  legConnected: "media.call.leg_connected",
  /** A leg failed; `reason` is a LegCloseReason. */
  legFailed: "media.call.leg_failed",
  /** No RTP from WhatsApp for MEDIA_CUSTOMER_SILENCE_SEC: the customer is gone. */
  mediaTimeout: "media.call.media_timeout",
  /** An RFC 4733 key press decoded from the customer's stream. */
  dtmf: "media.call.dtmf",
  /** The room and every leg in it are closed; `reason` says why. */
  roomClosed: "media.call.room_closed",
} as const;
export type CallMediaEvent = (typeof CallMediaEvent)[keyof typeof CallMediaEvent];

/** Why a leg or room closed (persisted by web as the call's end reason source). */
export const LegCloseReason = {
  /** Web asked (`/control/calls/close`): hang-up, transfer done, call ended by Meta. */
  closed_by_web: "closed_by_web",
  ice_failed: "ice_failed",
  dtls_failed: "dtls_failed",
  /** ICE/DTLS toward Meta did not complete within MEDIA_CONNECT_TIMEOUT_SEC. */
  connect_timeout: "connect_timeout",
  /** WhatsApp stopped sending RTP (MEDIA_CUSTOMER_SILENCE_SEC). */
  media_timeout: "media_timeout",
  /** The customer leg failed, so the room went with it. */
  customer_leg_failed: "customer_leg_failed",
  /** The agent's browser sent `leave` or its socket disconnected. */
  agent_left: "agent_left",
  /** The browser's WebRTC transport failed or closed. */
  transport_failed: "transport_failed",
  /** Nobody in the room for MEDIA_ROOM_EMPTY_TIMEOUT_SEC. */
  empty_timeout: "empty_timeout",
  /** The mediasoup worker hosting the router died. */
  worker_died: "worker_died",
  shutdown: "shutdown",
  /** The room closed, taking this leg with it. */
  room_closed: "room_closed",
} as const;
export type LegCloseReason = (typeof LegCloseReason)[keyof typeof LegCloseReason];

export interface CallEventSink {
  report(event: { type: CallMediaEvent; callId: string; [k: string]: unknown }): void;
}
