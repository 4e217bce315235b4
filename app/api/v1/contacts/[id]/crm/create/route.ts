import { actorOf } from "@/lib/api/actor";
import { respond } from "@/lib/api/respond";
import { createCrmLeadRoute } from "@/lib/api/routes/crm";
import { route } from "@/lib/core/route";
import { crmConfig } from "@/lib/crm/config";
import { createLeadForContact } from "@/lib/crm/create-lead-for-contact";
import { crmRecordUrl } from "@/lib/crm/crm-record-url";

export const POST = route(createCrmLeadRoute, async ({ req, principal, params }) => {
  const m = await createLeadForContact({ workspaceId: principal.workspaceId, contactId: params.id, actor: actorOf(principal, req) });
  return respond(createCrmLeadRoute, { doctype: m.doctype, name: m.name, created: m.created, url: crmRecordUrl(crmConfig().baseUrl, m) });
});
