import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import { AppError } from "../../../lib/core/app-error";
import { verifyMediaToken } from "../../../lib/media/token";
import type { MediaConfig } from "../config";
import type { Logger } from "../lib/logger";
import type { RoomRegistry } from "../rooms/room-registry";
import type { WorkerPool } from "../workers/worker-pool";
import { authorizeSocket } from "./authorize-socket";
import { REQUESTS, type ClientToServerEvents, type InterServerEvents, type RequestName, type ServerToClientEvents, type SocketData, type SocketPrincipal, type TAck } from "./contract";
import { SIGNALLING_HANDLERS } from "./handler-map";
import type { SignallingContext } from "./handlers/handler";

export type SignallingServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type SignallingSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface SignallingOptions {
  httpServer: HttpServer;
  config: Pick<MediaConfig, "secret" | "corsOrigins">;
  log: Logger;
  pool: WorkerPool;
  rooms: RoomRegistry;
}

/** Room every socket of a user joins, so server pushes can reach all of a user's tabs. */
export const userRoom = (userId: string) => `user:${userId}`;

/**
 * socket.io on the media-server's HTTP server (path /socket.io). The handshake must carry
 * `auth.token`, a short-lived token minted by web (lib/media/token.ts); anything else is refused
 * before the connection opens, and the client sees `connect_error` with our message. A token for
 * the user alone opens a socket that can join a call only with that call's token (joinCall `token`).
 */
export function attachSignalling({ httpServer, config, log, pool, rooms }: SignallingOptions): SignallingServer {
  const io: SignallingServer = new Server(httpServer, {
    path: "/socket.io",
    serveClient: false,
    // Browsers need CORS for the polling transport; Node clients send no Origin and are not affected.
    cors: { origin: config.corsOrigins, credentials: false },
    maxHttpBufferSize: 256 * 1024,
  });

  io.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (token === undefined || token === null || token === "") {
      next(new Error("UNAUTHENTICATED: missing auth.token"));
      return;
    }
    const check = verifyMediaToken(token, config.secret);
    if (!check.ok) {
      log.warn({ reason: check.reason, address: socket.handshake.address }, "socket refused");
      next(new Error(`UNAUTHENTICATED: token ${check.reason === "expired" ? "expired" : "invalid"}`));
      return;
    }
    const c = check.claims;
    socket.data.principal = {
      userId: c.userId,
      workspaceId: c.workspaceId,
      role: c.role,
      ...(c.callId ? { callId: c.callId } : {}),
      jti: c.jti,
      tokenExp: c.exp,
    };
    next();
  });

  io.on("connection", (socket) => {
    const principal = socket.data.principal;
    void socket.join(userRoom(principal.userId));
    const slog = log.child({ socketId: socket.id, userId: principal.userId, role: principal.role });
    slog.info("socket connected");
    for (const name of Object.keys(REQUESTS) as RequestName[]) registerRequest(socket, name, slog, pool, rooms, config.secret);
    socket.onAny((event: string, ...args: unknown[]) => {
      if (event in REQUESTS) return;
      const ack = args[args.length - 1];
      if (typeof ack === "function") ack(errorAck(new AppError("NOT_FOUND", { userMessage: `Unknown request "${event}".` })));
    });
    socket.on("disconnect", (reason) => {
      slog.info({ reason }, "socket disconnected");
      rooms.leaveSocket(socket.id);
    });
  });

  return io;
}

function registerRequest(socket: SignallingSocket, name: RequestName, log: Logger, pool: WorkerPool, rooms: RoomRegistry, secret: string): void {
  const spec = REQUESTS[name];
  // Each handler is typed against its own schema in handler-map.ts; here all share one shape.
  const handler = SIGNALLING_HANDLERS[name] as (payload: unknown, ctx: SignallingContext) => Promise<unknown>;
  // socket.io's typed `on` cannot express "one of the request names"; the contract keeps it honest.
  (socket as unknown as Socket).on(name, async (...args: unknown[]) => {
    const ack = args[args.length - 1];
    if (typeof ack !== "function") {
      log.warn({ event: name }, "request without ack callback ignored");
      return;
    }
    const payload = args.length > 1 ? args[0] : undefined;
    try {
      // After a joinCall with a call token, the socket acts as that token (its call, its role).
      const principal = authorizeSocket(socket.data.call ?? socket.data.principal, spec.permission);
      const parsed = spec.schema.safeParse(payload ?? {});
      if (!parsed.success) {
        const details = parsed.error.issues.map((i) => `${i.path.map(String).join(".") || "(payload)"}: ${i.message}`);
        throw new AppError("INVALID_INPUT", { userMessage: details.join("; ") });
      }
      const notify: SignallingContext["notify"] = (event, ...args) => {
        if (socket.connected) socket.emit(event, ...args);
      };
      const bindCall = (p: SocketPrincipal) => {
        socket.data.call = p;
      };
      const data = await handler(parsed.data, { principal, socketId: socket.id, log, pool, rooms, secret, bindCall, notify });
      ack({ ok: true, data } satisfies TAck<unknown>);
    } catch (err) {
      const appErr = err instanceof AppError ? err : new AppError("INTERNAL", { message: String(err), cause: err });
      if (appErr.status >= 500) log.error({ err, event: name }, "signalling request failed");
      ack(errorAck(appErr));
    }
  });
}

function errorAck(err: AppError): TAck<never> {
  const { code, message } = err.toBody().error;
  return { ok: false, error: { code, message } };
}
