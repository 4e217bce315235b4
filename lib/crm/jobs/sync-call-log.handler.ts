import "server-only";
import type { JobHandler } from "@/lib/jobs/job-definition";
import type { TCrmCall } from "../crm.schema";
import { upsertCallLog } from "../upsert-call-log";
import { runCrmStep } from "./job-errors";

const handler: JobHandler<TCrmCall> = async (call, ctx) => {
  const result = await runCrmStep(() => upsertCallLog({ call }));
  ctx.log.info({ callId: call.id, action: result.action }, "CRM call log synced");
  return { name: result.name, action: result.action };
};

export default handler;
