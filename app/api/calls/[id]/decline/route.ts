import { ZCallIdParamsSchema } from "@/lib/calls/call.schema";
import { declineCall } from "@/lib/calls/decline-call";
import { route } from "@/lib/core/route";

/** POST /api/calls/{id}/decline — softphone action, applied through the call state machine. */
export const POST = route({ permission: "calls:use", params: ZCallIdParamsSchema }, async ({ principal, params }) => declineCall({ principal, callId: params.id }));
