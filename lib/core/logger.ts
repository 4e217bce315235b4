import pino from "pino";

/** Structured JSON logs (pino). LOG_LEVEL sets the level; tests default to "warn". */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.VITEST ? "warn" : "info"),
  base: { svc: process.env.SERVICE_NAME ?? "web" },
  redact: { paths: ["*.password", "*.token", "*.accessToken", "*.secret", "headers.authorization"], censor: "[redacted]" },
});

export type Logger = typeof logger;
