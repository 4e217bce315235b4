import http from "node:http";
import type { AddressInfo } from "node:net";
import { ConfigError, exportWorkerBin, loadConfig } from "./config";
import type { HttpContext } from "./http/context";
import { createHttpHandler } from "./http/http-handler";
import { EventReporter } from "./lib/event-reporter";
import { createLogger } from "./lib/logger";
import { loadCallMediaConfig } from "./rooms/call-media-config";
import { RoomRegistry } from "./rooms/room-registry";
import { attachSignalling } from "./signalling/socket-server";
import { warmUpWhatsAppPeer } from "./whatsapp/whatsapp-peer";
import { WorkerPool } from "./workers/worker-pool";

/**
 * media-server entry point (`npx tsx media-server/src/index.ts`): mediasoup workers, `GET /health`,
 * the HMAC-signed control API for web, and socket.io signalling for browsers, on one HTTP server.
 * SIGINT/SIGTERM close sockets, the HTTP server and the workers, then exit 0.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`media-server: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const log = createLogger(config);

  // mediasoup reads MEDIASOUP_WORKER_BIN when it is first loaded: export it, then import.
  exportWorkerBin(config);
  const mediasoup = await import("mediasoup");

  const events = new EventReporter({ url: config.eventsUrl, secret: config.secret, log });
  const pool = new WorkerPool({ config, log, events, mediasoup });
  await pool.start();

  const callMedia = loadCallMediaConfig();
  // Before listening, so the first call does not pay for werift's lazy set-up (whatsapp-peer.ts).
  const warmStart = Date.now();
  await warmUpWhatsAppPeer({ hostAddresses: callMedia.gatewayHosts, ipv6: callMedia.gatewayIpv6, stunServers: callMedia.gatewayStun }, 5_000).then(
    () => log.info({ ms: Date.now() - warmStart }, "WhatsApp gateway warmed up"),
    (err: unknown) => log.warn({ err: String(err) }, "WhatsApp gateway warm-up failed; the first call sets werift up instead"),
  );

  const rooms = new RoomRegistry(pool, {
    config: callMedia,
    listenIp: config.listenIp,
    announcedIp: config.announcedIp,
    events: { report: (event) => void events.report(event) },
    log,
  });
  const ctx: HttpContext = { config, log, pool, startedAt: Date.now(), roomCount: () => rooms.size, rooms };
  const httpServer = http.createServer(createHttpHandler(ctx));
  const io = attachSignalling({ httpServer, config, log, pool, rooms });

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  // Tests and scripts/demo.mjs wait for this line (MEDIA_PORT=0 picks a free port).
  log.info({ port, host: config.host, workers: pool.list().length, workerBin: process.env.MEDIASOUP_WORKER_BIN ?? "(bundled)" }, "media-server listening");

  let shuttingDown = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info({ signal }, "media-server shutting down");
    rooms.closeAll();
    events.stop();
    pool.close();
    io.emit("serverClosing", { reason: "shutdown" });
    // io.close() disconnects every socket and closes the HTTP server; idle keep-alive sockets are
    // closed too so it does not wait for clients to hang up.
    void io.close(() => {
      log.info("media-server stopped");
      process.exit(0);
    });
    httpServer.closeIdleConnections();
    // A stuck client must not block shutdown forever.
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((err: unknown) => {
  console.error("media-server failed to start:", err);
  process.exit(1);
});
