import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { chromium, type Browser, type Page } from "playwright-core";

/**
 * Serves the agent test page (mediasoup-client bundled by esbuild) from a temp dir and runs Debian's
 * Chromium with the flags that worked in the prototype (media-bridge §9 fact 9), the fake microphone
 * playing `micWav` in a loop.
 */
export interface AgentBrowser {
  origin: string;
  newAgentPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function startAgentBrowser(micWav: string): Promise<AgentBrowser> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "agent-page-"));
  await build({
    entryPoints: [path.join(__dirname, "agent-page-entry.ts")],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "chrome110",
    outfile: path.join(dir, "agent.js"),
    logLevel: "silent",
  });
  fs.writeFileSync(path.join(dir, "index.html"), '<!doctype html><html><head><meta charset="utf-8"><title>agent</title></head><body><script src="/agent.js"></script></body></html>');
  const server = http.createServer((req, res) => {
    const file = req.url === "/agent.js" ? "agent.js" : "index.html";
    res.writeHead(200, { "content-type": file.endsWith(".js") ? "text/javascript" : "text/html" });
    res.end(fs.readFileSync(path.join(dir, file)));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        `--use-file-for-fake-audio-capture=${micWav}`,
        "--autoplay-policy=no-user-gesture-required",
      ],
    });
  } catch (err) {
    server.close();
    throw err;
  }
  return {
    origin,
    async newAgentPage() {
      const page = await browser.newPage();
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => "agent" in globalThis);
      return page;
    },
    async close() {
      await browser.close();
      await new Promise<void>((r) => server.close(() => r()));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
