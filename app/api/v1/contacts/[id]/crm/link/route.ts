import { actorOf } from "@/lib/api/actor";
import { respond } from "@/lib/api/respond";
import { linkCrmRoute } from "@/lib/api/routes/crm";
import { route } from "@/lib/core/route";
import { crmConfig } from "@/lib/crm/config";
import { crmRecordUrl } from "@/lib/crm/crm-record-url";
import { linkContactToCrm } from "@/lib/crm/link-contact-to-crm";

export const POST = route(linkCrmRoute, async ({ req, principal, params, body }) => {
  await linkContactToCrm({ workspaceId: principal.workspaceId, contactId: params.id, reference: body, actor: actorOf(principal, req) });
  return respond(linkCrmRoute, { ...body, created: false, url: crmRecordUrl(crmConfig().baseUrl, body) });
});
