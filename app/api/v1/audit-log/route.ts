import { respond } from "@/lib/api/respond";
import { listAuditLogRoute } from "@/lib/api/routes/audit-log";
import { listAuditLog } from "@/lib/audit/list-audit-log";
import { route } from "@/lib/core/route";

export const GET = route(listAuditLogRoute, async ({ principal, query }) =>
  respond(listAuditLogRoute, await listAuditLog({ workspaceId: principal.workspaceId, query })),
);
