import { z } from "zod";
import { CRM_LINK_DOCTYPES } from "@/lib/crm/crm.schema";
import { ZContactIdParamsSchema, ZCrmCreateBodySchema, ZCrmLinkBodySchema, ZCrmPanelSchema } from "@/lib/crm/crm-panel.schema";
import { defineApiRoute } from "../openapi";

const tags = ["crm"];
const permission = "inbox:use" as const;
const params = ZContactIdParamsSchema;
const ZCrmLinkResultSchema = z.object({
  doctype: z.enum(CRM_LINK_DOCTYPES),
  name: z.string(),
  created: z.boolean(),
  url: z.string(),
});
export const getCrmPanelRoute = defineApiRoute({ method: "GET", path: "/api/v1/contacts/{id}/crm", summary: "CRM panel: the linked Frappe lead/deal's key fields, status, recent activities and URL", description: "Answers 200 with `error` (Frappe's message) when Frappe CRM is unreachable.", tags, permission, params, response: ZCrmPanelSchema });
export const linkCrmRoute = defineApiRoute({ method: "POST", path: "/api/v1/contacts/{id}/crm/link", summary: "Link the contact to an existing CRM Lead or Deal by name", tags, permission, params, body: ZCrmLinkBodySchema, response: ZCrmLinkResultSchema, errors: [404, 502] });
export const createCrmLeadRoute = defineApiRoute({ method: "POST", path: "/api/v1/contacts/{id}/crm/create", summary: "Create the CRM Lead now (or link the one that matches the phone) and link it", tags, permission, params, body: ZCrmCreateBodySchema, response: ZCrmLinkResultSchema, status: 201, errors: [409, 502] });
