// Where the external programs live: the mediasoup worker and Chromium. Shared by the bootstrap,
// the demo and the test runner so they agree on one answer.
import fs from "node:fs";

/** Debian's mediasoup-worker package (experimental suite) installs the binary here. */
export const DEBIAN_WORKER_PATH = "/usr/lib/x86_64-linux-gnu/mediasoup/mediasoup-worker";
/** Debian's chromium package. */
export const DEBIAN_CHROMIUM_PATH = "/usr/bin/chromium";

/** @param {string | undefined} file */
export function isExecutable(file) {
  if (!file) return false;
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * MEDIASOUP_WORKER_BIN when set and executable, else Debian's path when present.
 * @returns {{ path: string, source: "MEDIASOUP_WORKER_BIN" | "debian" } | { path: undefined, invalid?: string }}
 */
export function findMediasoupWorker(env = process.env) {
  const set = env.MEDIASOUP_WORKER_BIN;
  if (set) {
    if (isExecutable(set)) return { path: set, source: "MEDIASOUP_WORKER_BIN" };
    return { path: undefined, invalid: set };
  }
  if (isExecutable(DEBIAN_WORKER_PATH)) return { path: DEBIAN_WORKER_PATH, source: "debian" };
  return { path: undefined };
}

/** CHROMIUM_PATH when set and executable, else Debian's /usr/bin/chromium when present. */
export function findChromium(env = process.env) {
  if (env.CHROMIUM_PATH) return isExecutable(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : undefined;
  return isExecutable(DEBIAN_CHROMIUM_PATH) ? DEBIAN_CHROMIUM_PATH : undefined;
}

/** Finds a program on PATH (like `command -v`). */
export function which(name, env = process.env) {
  for (const dir of (env.PATH ?? "").split(":")) {
    if (dir && isExecutable(`${dir}/${name}`)) return `${dir}/${name}`;
  }
  return undefined;
}
