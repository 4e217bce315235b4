import "server-only";
import { getDb } from "@/lib/core/db";
import type { JobHandler } from "@/lib/jobs/job-definition";
import { findOrCreateLead } from "../find-or-create-lead";
import { runCrmStep } from "./job-errors";
import type { TCrmMatchLeadJob } from "./match-lead";

const handler: JobHandler<TCrmMatchLeadJob> = async (payload, ctx) => {
  const { contactId, ...input } = payload;
  const match = await runCrmStep(() => findOrCreateLead(input));
  if (contactId) {
    const db = await getDb();
    // Scoped by the job's workspace; a contact deleted meanwhile updates nothing (not an error).
    await db.contact.updateMany({
      where: { id: contactId, ...(ctx.workspaceId ? { workspaceId: ctx.workspaceId } : {}) },
      data: { crmDoctype: match.doctype, crmName: match.name },
    });
  }
  ctx.log.info({ doctype: match.doctype, name: match.name, created: match.created }, "CRM record matched");
  return match;
};

export default handler;
