import { ZCallIdParamsSchema } from "@/lib/calls/call.schema";
import { hangupCall } from "@/lib/calls/hangup-call";
import { route } from "@/lib/core/route";

/** POST /api/calls/{id}/hangup — softphone action, applied through the call state machine. */
export const POST = route({ permission: "calls:use", params: ZCallIdParamsSchema }, async ({ principal, params }) => hangupCall({ principal, callId: params.id }));
