import "server-only";
import { checkMediaServer } from "@/lib/calls/check-media-server";
import type { JobHandler } from "../job-definition";

const handler: JobHandler<{ tick: number }> = (payload, ctx) => checkMediaServer({ tick: payload.tick, log: ctx.log });

export default handler;
