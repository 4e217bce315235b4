/**
 * Preload for profiling a process the bench does not spawn with its own flags (the media-server
 * runs through tsx, and Node refuses --cpu-prof in NODE_OPTIONS). With BENCH_CPU_PROF=<dir> set,
 *   NODE_OPTIONS="--import ./tests/bench/cpu-profile-preload.mjs"
 * makes every Node process profile the window between two SIGUSR2 (the capacity bench sends them
 * around its measurement), writing <dir>/<pid>.cpuprofile. Open it in Chrome DevTools, or summarise
 * it with `node tests/bench/cpu-profile-top.mjs <file>`.
 */
import fs from "node:fs";
import inspector from "node:inspector";
import path from "node:path";

const dir = process.env.BENCH_CPU_PROF;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  let running = false;
  process.on("SIGUSR2", () => {
    if (!running) {
      session.post("Profiler.enable");
      session.post("Profiler.setSamplingInterval", { interval: 500 });
      session.post("Profiler.start");
      running = true;
      return;
    }
    running = false;
    session.post("Profiler.stop", (err, res) => {
      if (err) return;
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${process.pid}.cpuprofile`);
      // Written then renamed: the bench waits for the file to appear and must not read half of it.
      fs.writeFileSync(`${file}.tmp`, JSON.stringify(res.profile));
      fs.renameSync(`${file}.tmp`, file);
    });
  });
}
