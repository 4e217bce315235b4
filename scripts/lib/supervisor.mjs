// Runs several long-lived children in one foreground command: prefixed, coloured log lines,
// readiness polling, and a clean shutdown (SIGTERM to each child's process group, SIGKILL after a
// grace period). Each child gets its own process group so that its grandchildren (next's
// workers, mediasoup workers, tsx) are stopped with it.
import { spawn } from "node:child_process";

const COLOURS = { cyan: 36, magenta: 35, yellow: 33, green: 32, blue: 34, red: 31 };

/** @param {keyof typeof COLOURS} colour @param {string} text @param {boolean} enabled */
export function paint(colour, text, enabled) {
  return enabled ? `\x1b[${COLOURS[colour]}m${text}\x1b[0m` : text;
}

/**
 * @typedef {{ name: string, pid: number, exited: boolean, code: number | null, signal: string | null, exit: Promise<void> }} Child
 */

export class Supervisor {
  /**
   * @param {{ out?: NodeJS.WritableStream, colour?: boolean, onUnexpectedExit?: (child: Child) => void }} [opts]
   */
  constructor(opts = {}) {
    this.out = opts.out ?? process.stdout;
    this.colour = opts.colour ?? Boolean(process.stdout.isTTY && !process.env.NO_COLOR);
    this.onUnexpectedExit = opts.onUnexpectedExit ?? (() => {});
    /** @type {Child[]} */
    this.children = [];
    this.stopping = false;
  }

  /**
   * @param {string} name
   * @param {string} cmd
   * @param {string[]} args
   * @param {{ env?: NodeJS.ProcessEnv, cwd?: string, colour?: keyof typeof COLOURS }} [opts]
   * @returns {Child}
   */
  start(name, cmd, args, opts = {}) {
    const proc = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // own process group: Ctrl-C reaches us only, and we stop the whole group
    });
    const prefix = paint(opts.colour ?? "blue", `[${name}]`, this.colour);
    const pipe = (/** @type {NodeJS.ReadableStream} */ stream) => {
      let partial = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk) => {
        const lines = (partial + chunk).split("\n");
        partial = lines.pop() ?? "";
        for (const line of lines) this.out.write(`${prefix} ${line}\n`);
      });
      stream.on("end", () => {
        if (partial) this.out.write(`${prefix} ${partial}\n`);
        partial = "";
      });
    };
    pipe(/** @type {NodeJS.ReadableStream} */ (proc.stdout));
    pipe(/** @type {NodeJS.ReadableStream} */ (proc.stderr));
    /** @type {Child} */
    const child = {
      name,
      pid: proc.pid ?? -1,
      exited: false,
      code: null,
      signal: null,
      exit: new Promise((resolve) => {
        proc.on("error", (err) => {
          this.out.write(`${prefix} failed to start: ${err.message}\n`);
          child.exited = true;
          child.code = 127;
          resolve();
          if (!this.stopping) this.onUnexpectedExit(child);
        });
        proc.on("exit", (code, signal) => {
          child.exited = true;
          child.code = code;
          child.signal = signal;
          // Whatever the leader left behind in its group goes too.
          killGroup(child.pid, "SIGKILL");
          resolve();
          if (!this.stopping) this.onUnexpectedExit(child);
        });
      }),
    };
    this.children.push(child);
    return child;
  }

  /** SIGTERM every child's group, SIGKILL after `graceMs`; resolves when all have exited. */
  async stopAll(graceMs = 10_000) {
    this.stopping = true;
    const alive = this.children.filter((c) => !c.exited);
    for (const c of alive) killGroup(c.pid, "SIGTERM");
    let timer;
    const grace = new Promise((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([Promise.all(alive.map((c) => c.exit)), grace]);
    clearTimeout(timer);
    const stubborn = alive.filter((c) => !c.exited);
    for (const c of stubborn) {
      this.out.write(`[demo] ${c.name} did not stop within ${graceMs / 1000} s: SIGKILL\n`);
      killGroup(c.pid, "SIGKILL");
    }
    await Promise.all(stubborn.map((c) => c.exit));
  }
}

/** @param {number} pid @param {NodeJS.Signals} signal */
function killGroup(pid, signal) {
  if (pid <= 0) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone — that is the goal.
  }
}

/**
 * Polls `url` until it answers 200, the child exits, or `timeoutMs` passes.
 * @param {string} url
 * @param {{ child?: Child, timeoutMs?: number, intervalMs?: number }} [opts]
 */
export async function waitHealthy(url, opts = {}) {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const intervalMs = opts.intervalMs ?? 250;
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (opts.child?.exited) throw new Error(`${opts.child.name} exited before it became healthy`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(3_000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`${url} not healthy after ${timeoutMs / 1000} s (last: ${last})`);
}
