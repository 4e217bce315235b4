import "server-only";
import { handleRingTimeout } from "@/lib/routing/handle-ring-timeout";
import type { JobHandler } from "../job-definition";

const handler: JobHandler<{ callId: string; kind: "abandon" | "escalate" | "transfer"; seq: number }> = (payload, ctx) => handleRingTimeout({ ...payload, log: ctx.log });

export default handler;
