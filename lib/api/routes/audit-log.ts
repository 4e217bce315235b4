import { ZAuditPageSchema, ZAuditQuerySchema } from "@/lib/audit/audit-log.schema";
import { defineApiRoute } from "../openapi";

export const listAuditLogRoute = defineApiRoute({ method: "GET", path: "/api/v1/audit-log", summary: "Audit log, newest first (cursor pagination)", tags: ["audit-log"], permission: "audit:read", query: ZAuditQuerySchema, response: ZAuditPageSchema });
