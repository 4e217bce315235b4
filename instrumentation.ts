/**
 * Next.js instrumentation hook: runs once per server process at start-up. The job runner lives in
 * the web process (the only one that touches the database). The Node-only code sits behind the
 * NEXT_RUNTIME check so the Edge bundle never includes it.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startWebJobRunner } = await import("./lib/jobs/start-web-runner");
    startWebJobRunner();
  }
}
