import "server-only";
import type { JobHandler } from "@/lib/jobs/job-definition";
import { reconcileCrm } from "../reconcile-crm";
import { runCrmStep } from "./job-errors";
import type { TCrmReconcileJob } from "./reconcile";

const handler: JobHandler<TCrmReconcileJob> = async (payload, ctx) => {
  const r = await runCrmStep(() => reconcileCrm({ now: ctx.now, lookbackMs: payload.lookbackMs, log: ctx.log }));
  return { checked: r.calls.checked, created: r.calls.created, repaired: r.calls.repaired, failed: r.calls.failed.length, requeuedMatches: r.requeuedMatches, leadsPolled: r.leadsPolled };
};

export default handler;
