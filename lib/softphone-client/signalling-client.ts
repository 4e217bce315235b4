import { io, type Socket } from "socket.io-client";
import type {
  ClientToServerEvents,
  RequestName,
  ResponseMap,
  ServerToClientEvents,
  TAck,
} from "@/media-server/src/signalling/contract";

/**
 * The browser end of the media-server's socket.io signalling (media-server/src/signalling/contract.ts,
 * imported as types only). Requests use acks `{ ok, data } | { ok: false, error }`; a missing ack
 * within `timeoutMs` becomes an error instead of a hang.
 *
 * socket.io facts relied on: the handshake's `auth` is sent on connect and a refused handshake
 * surfaces as `connect_error` carrying the server's message ("UNAUTHENTICATED: …"); websocket-only
 * avoids the long-polling upgrade round trips (a few hundred ms on the accept → audio path).
 */
export class SignallingError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "SignallingError";
  }
}

type Payload<K extends RequestName> = Parameters<ClientToServerEvents[K]>[0];

export interface SignallingClient {
  request<K extends RequestName>(name: K, payload: Payload<K>): Promise<ResponseMap[K]>;
  on<E extends keyof ServerToClientEvents>(event: E, fn: ServerToClientEvents[E]): () => void;
  onDisconnect(fn: (reason: string) => void): () => void;
  close(): void;
}

export async function connectSignalling(opts: {
  url: string;
  token: string;
  timeoutMs?: number;
}): Promise<SignallingClient> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(opts.url, {
    path: "/socket.io",
    auth: { token: opts.token },
    transports: ["websocket"],
    // A call's token is short-lived and names one call: a reconnect after a drop needs a new token,
    // which the softphone asks web for; socket.io's own retries would only repeat the refusal.
    reconnection: false,
    timeout: timeoutMs,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", (err: Error) => {
      socket.close();
      const unauth = err.message.startsWith("UNAUTHENTICATED");
      reject(new SignallingError(unauth ? "UNAUTHENTICATED" : "MEDIA_UNREACHABLE", err.message));
    });
  });

  return {
    async request(name, payload) {
      // socket.io's typed emitWithAck cannot follow a generic request name; the contract keeps it honest.
      const s = socket as unknown as Socket;
      let res: TAck<unknown>;
      try {
        res = (await s.timeout(timeoutMs).emitWithAck(name, payload)) as TAck<unknown>;
      } catch {
        throw new SignallingError("TIMEOUT", `The media server did not answer "${name}" in time.`);
      }
      if (!res.ok) throw new SignallingError(String(res.error.code), res.error.message);
      return res.data as ResponseMap[typeof name];
    },
    on(event, fn) {
      const s = socket as unknown as Socket;
      s.on(event as string, fn as (...args: unknown[]) => void);
      return () => {
        s.off(event as string, fn as (...args: unknown[]) => void);
      };
    },
    onDisconnect(fn) {
      const h = (reason: string) => fn(reason);
      socket.on("disconnect", h);
      return () => {
        socket.off("disconnect", h);
      };
    },
    close() {
      socket.close();
    },
  };
}
