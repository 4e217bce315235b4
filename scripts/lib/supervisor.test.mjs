import net from "node:net";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { Supervisor, waitHealthy } from "./supervisor.mjs";

/** Collects everything the supervisor prints and resolves when a line matches. */
function capture() {
  const out = new PassThrough();
  let text = "";
  const waiters = [];
  out.on("data", (d) => {
    text += d;
    for (const w of waiters.splice(0)) if (!w.check()) waiters.push(w);
  });
  return {
    out,
    text: () => text,
    waitFor(re) {
      return new Promise((resolve) => {
        const w = { check: () => (re.test(text) ? (resolve(text.match(re)), true) : false) };
        if (!w.check()) waiters.push(w);
      });
    },
  };
}

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("supervisor", () => {
  it("prefixes every line of stdout and stderr with the child's name", async () => {
    const log = capture();
    const sup = new Supervisor({ out: log.out, colour: false });
    const child = sup.start("web", process.execPath, [
      "-e",
      "process.stdout.write('one\\ntw'); setTimeout(() => { process.stdout.write('o\\n'); console.error('oops'); }, 20)",
    ]);
    await child.exit;
    expect(log.text().split("\n").filter(Boolean).sort()).toEqual(["[web] one", "[web] oops", "[web] two"]);
  });

  it("waits for /health, then stops a cooperative child with SIGTERM and a stubborn one with SIGKILL", async () => {
    const log = capture();
    const port = await freePort();
    const sup = new Supervisor({ out: log.out, colour: false });
    const server = sup.start("media", process.execPath, [
      "-e",
      `require('http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1');
       process.on('SIGTERM', () => { console.log('got SIGTERM'); process.exit(0); });`,
    ]);
    const stubborn = sup.start("sandbox", process.execPath, [
      "-e",
      "process.on('SIGTERM', () => console.log('ignoring SIGTERM')); console.log('up'); setInterval(() => {}, 1000)",
    ]);
    await waitHealthy(`http://127.0.0.1:${port}/health`, { child: server, timeoutMs: 10_000, intervalMs: 50 });
    await log.waitFor(/\[sandbox\] up/);

    await sup.stopAll(500);
    expect(server.exited && stubborn.exited).toBe(true);
    expect(server.code).toBe(0);
    expect(stubborn.signal).toBe("SIGKILL");
    expect(log.text()).toContain("[media] got SIGTERM");
    expect(log.text()).toContain("[sandbox] ignoring SIGTERM");
  });

  it("stops the grandchildren too (the whole process group)", async () => {
    const log = capture();
    const sup = new Supervisor({ out: log.out, colour: false });
    sup.start("web", process.execPath, [
      "-e",
      `const c = require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
       console.log('grandchild ' + c.pid); setInterval(() => {}, 1000);`,
    ]);
    const [, pid] = await log.waitFor(/grandchild (\d+)/);
    expect(alive(Number(pid))).toBe(true);
    await sup.stopAll(2_000);
    // The grandchild was SIGTERMed with its group; reap can lag a moment, so wait on its exit.
    const deadline = Date.now() + 5_000;
    while (alive(Number(pid)) && Date.now() < deadline) await new Promise((r) => setImmediate(r));
    expect(alive(Number(pid))).toBe(false);
  });

  it("reports a child that dies on its own, but not the ones it stops", async () => {
    const log = capture();
    const dead = [];
    const sup = new Supervisor({ out: log.out, colour: false, onUnexpectedExit: (c) => dead.push([c.name, c.code]) });
    const crasher = sup.start("media", process.execPath, ["-e", "process.exit(3)"]);
    const steady = sup.start("web", process.execPath, ["-e", "setInterval(() => {}, 1000)"]);
    await crasher.exit;
    await expect(
      waitHealthy("http://127.0.0.1:1/health", { child: crasher, timeoutMs: 5_000, intervalMs: 10 }),
    ).rejects.toThrow(/media exited before it became healthy/);
    await sup.stopAll(2_000);
    expect(steady.exited).toBe(true);
    expect(dead).toEqual([["media", 3]]);
  });
});
