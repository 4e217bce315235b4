import { ZDialSchema } from "@/lib/calls/call.schema";
import { startOutboundCall } from "@/lib/calls/start-outbound-call";
import { AppError } from "@/lib/core/app-error";
import { route } from "@/lib/core/route";

/** POST /api/calls/outbound { contactId } — the signed-in agent dials (409 NO_PERMISSION → send the permission request). */
export const POST = route({ permission: "calls:use", body: ZDialSchema }, async ({ principal, body }) => {
  if (!principal.userId) throw new AppError("FORBIDDEN", { userMessage: "Calls are made by users." });
  return startOutboundCall({ workspaceId: principal.workspaceId, agentId: principal.userId, contactId: body.contactId });
});
