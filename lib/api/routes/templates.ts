import { ZTemplateListSchema, ZTemplateSyncResultSchema } from "@/lib/templates/template.schema";
import { defineApiRoute } from "../openapi";

const tags = ["templates"];
export const listTemplatesRoute = defineApiRoute({ method: "GET", path: "/api/v1/templates", summary: "Message templates with their parameter counts", tags, permission: "inbox:use", response: ZTemplateListSchema });
export const syncTemplatesRoute = defineApiRoute({ method: "POST", path: "/api/v1/templates/sync", summary: "Pull the templates from the WhatsApp Business Account", tags, permission: "settings:manage", scope: "admin", response: ZTemplateSyncResultSchema, errors: [409, 502] });
