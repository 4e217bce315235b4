import { ZPermissionRequestSchema } from "@/lib/calls/call.schema";
import { sendCallPermissionRequest } from "@/lib/calls/send-call-permission-request";
import { route } from "@/lib/core/route";

/** POST /api/calls/permission-request { contactId, bodyText? } — sends the call_permission_request message. */
export const POST = route({ permission: "calls:use", body: ZPermissionRequestSchema }, async ({ principal, body }) =>
  sendCallPermissionRequest({ workspaceId: principal.workspaceId, contactId: body.contactId, bodyText: body.bodyText, senderUserId: principal.userId, reason: "agent" }),
);
