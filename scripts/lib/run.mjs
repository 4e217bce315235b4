// Runs a command to completion with inherited output (or captured, when asked).
import { spawn } from "node:child_process";

/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, cwd?: string, capture?: boolean, quiet?: boolean }} [opts]
 *   capture: collect stdout (stderr still shows); quiet: collect both and show them only on failure.
 * @returns {Promise<{ code: number, stdout: string, stderr: string }>}
 */
export function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const collect = opts.capture || opts.quiet;
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ["ignore", collect ? "pipe" : "inherit", opts.quiet ? "pipe" : "inherit"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d) => (stdout += d));
    child.stderr?.on("data", (d) => (stderr += d));
    child.on("error", (err) => resolve({ code: 127, stdout, stderr: stderr + String(err.message) + "\n" }));
    child.on("close", (code, signal) => {
      const result = { code: code ?? (signal ? 128 : 1), stdout, stderr };
      if (opts.quiet && result.code !== 0) {
        process.stdout.write(stdout);
        process.stderr.write(stderr);
      }
      resolve(result);
    });
  });
}
