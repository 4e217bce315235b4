import { z } from "zod";
import { defineJob } from "../job-definition";

/** Pings the media-server while calls are live; ends them as failed when it is gone (lib/calls/check-media-server.ts). */
export const callMediaWatchdogJob = defineJob({
  name: "call.media_watchdog",
  version: 1,
  payload: z.object({ tick: z.number().int().min(0) }).strict(),
  maxAttempts: 2,
  handler: () => import("./call-media-watchdog.handler"),
});
