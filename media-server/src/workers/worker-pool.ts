import type { Router, Worker, WorkerResourceUsage } from "mediasoup/lib/types";
import type { MediaConfig } from "../config";
import type { EventReporter } from "../lib/event-reporter";
import type { Logger } from "../lib/logger";

type Mediasoup = typeof import("mediasoup");

export interface WorkerSlot {
  slot: number;
  rtcMinPort: number;
  rtcMaxPort: number;
  worker: Worker | null;
  /** Routers currently open on this worker (the load measure for getWorker()). */
  routers: number;
}

export interface WorkerPoolOptions {
  config: Pick<MediaConfig, "workers" | "rtcMinPort" | "rtcMaxPort" | "logLevel">;
  log: Logger;
  events: Pick<EventReporter, "report">;
  /** Loaded after exportWorkerBin() (mediasoup reads MEDIASOUP_WORKER_BIN at load time). */
  mediasoup: Mediasoup;
}

/**
 * N mediasoup workers, one RTC port sub-range each. A worker that dies is logged, reported to web
 * (`media.worker_died`) and replaced in the same slot with the same port range. Routers that lived on
 * it are gone with it; the rooms that owned them close themselves on the router's `workerclose`.
 */
export class WorkerPool {
  private readonly slots: WorkerSlot[] = [];
  private next = 0;
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {
    const { workers, rtcMinPort, rtcMaxPort } = options.config;
    const size = Math.floor((rtcMaxPort - rtcMinPort + 1) / workers);
    for (let slot = 0; slot < workers; slot++) {
      const min = rtcMinPort + slot * size;
      const max = slot === workers - 1 ? rtcMaxPort : min + size - 1;
      this.slots.push({ slot, rtcMinPort: min, rtcMaxPort: max, worker: null, routers: 0 });
    }
  }

  async start(): Promise<void> {
    await Promise.all(this.slots.map((s) => this.spawn(s)));
  }

  /** Live workers, for /health. */
  list(): { pid: number; slot: number; routers: number; rtcMinPort: number; rtcMaxPort: number }[] {
    return this.slots
      .filter((s) => s.worker && !s.worker.closed)
      .map((s) => ({ pid: s.worker!.pid, slot: s.slot, routers: s.routers, rtcMinPort: s.rtcMinPort, rtcMaxPort: s.rtcMaxPort }));
  }

  /** The least-loaded live worker (fewest routers), round-robin among equals. */
  getWorker(): Worker {
    const live = this.slots.filter((s) => s.worker && !s.worker.closed);
    if (live.length === 0) throw new Error("no live mediasoup worker");
    const min = Math.min(...live.map((s) => s.routers));
    const candidates = live.filter((s) => s.routers === min);
    const pick = candidates[this.next++ % candidates.length];
    return pick.worker!;
  }

  async resourceUsage(): Promise<{ pid: number; slot: number; usage: WorkerResourceUsage }[]> {
    const live = this.slots.filter((s) => s.worker && !s.worker.closed);
    return Promise.all(live.map(async (s) => ({ pid: s.worker!.pid, slot: s.slot, usage: await s.worker!.getResourceUsage() })));
  }

  close(): void {
    this.closed = true;
    for (const s of this.slots) {
      s.worker?.close();
      s.worker = null;
    }
  }

  private async spawn(s: WorkerSlot): Promise<void> {
    const { mediasoup, log, config } = this.options;
    const worker = await mediasoup.createWorker({
      logLevel: config.logLevel === "debug" || config.logLevel === "trace" ? "debug" : "warn",
      rtcMinPort: s.rtcMinPort,
      rtcMaxPort: s.rtcMaxPort,
      appData: { slot: s.slot },
    });
    if (this.closed) {
      worker.close();
      return;
    }
    s.worker = worker;
    s.routers = 0;
    worker.observer.on("newrouter", (router: Router) => {
      if (s.worker !== worker) return;
      s.routers++;
      router.observer.once("close", () => {
        if (s.worker === worker) s.routers--;
      });
    });
    worker.on("died", (error: Error) => this.onDied(s, worker, error));
    log.info({ slot: s.slot, workerPid: worker.pid, rtcMinPort: s.rtcMinPort, rtcMaxPort: s.rtcMaxPort }, "mediasoup worker started");
  }

  private onDied(s: WorkerSlot, worker: Worker, error: Error): void {
    if (this.closed || s.worker !== worker) return;
    const { log, events } = this.options;
    log.error({ slot: s.slot, workerPid: worker.pid, err: error.message }, "mediasoup worker died; replacing it");
    s.worker = null;
    s.routers = 0;
    void events.report({ type: "media.worker_died", pid: worker.pid, slot: s.slot, at: new Date().toISOString() });
    void this.respawn(s);
  }

  /** Replaces a dead worker, retrying with backoff if the binary cannot start right now. */
  private async respawn(s: WorkerSlot): Promise<void> {
    for (let attempt = 1; !this.closed; attempt++) {
      try {
        await this.spawn(s);
        return;
      } catch (err) {
        const delay = Math.min(30_000, 250 * 2 ** Math.min(attempt, 7));
        this.options.log.error({ slot: s.slot, attempt, err: err instanceof Error ? err.message : String(err) }, "mediasoup worker restart failed");
        await new Promise((r) => setTimeout(r, delay).unref());
      }
    }
  }
}
