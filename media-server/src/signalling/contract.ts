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

/** Request name → its schema and the permission (lib/auth/roles.ts) the socket's role must have. */
export const REQUESTS = {
  whoami: { schema: ZWhoamiRequestSchema, permission: "calls:use" },
} as const satisfies Record<string, { schema: z.ZodType; permission: Permission }>;

export type RequestName = keyof typeof REQUESTS;

/** Request name → the ack's `data`. */
export interface ResponseMap {
  whoami: TWhoamiResponse;
}

export type ClientToServerEvents = {
  [K in RequestName]: (payload: z.input<(typeof REQUESTS)[K]["schema"]>, ack: AckFn<ResponseMap[K]>) => void;
};

// ---- Server pushes (one-way) -----------------------------------------------------------------

/** Notifications the server sends without a request. Rooms and legs add theirs here (legClosed, callState …). */
export interface ServerToClientEvents {
  /** The server is shutting down; reconnect with a fresh token. */
  serverClosing: (payload: { reason: string }) => void;
}

export type InterServerEvents = Record<string, never>;

export interface SocketData {
  principal: SocketPrincipal;
}
