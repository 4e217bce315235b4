import pino from "pino";
import type { MediaConfig } from "../config";

/** Structured JSON logs on stdout, like web's (lib/core/logger.ts), tagged svc=media-server. */
export function createLogger(config: Pick<MediaConfig, "logLevel">): pino.Logger {
  return pino({
    level: config.logLevel,
    base: { svc: "media-server", pid: process.pid },
    redact: { paths: ["*.token", "*.secret", "headers.authorization", "headers['x-media-signature']"], censor: "[redacted]" },
  });
}

export type Logger = pino.Logger;
