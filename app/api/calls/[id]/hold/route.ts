import { ZCallIdParamsSchema } from "@/lib/calls/call.schema";
import { holdCall } from "@/lib/calls/hold-call";
import { route } from "@/lib/core/route";

/** POST /api/calls/{id}/hold — softphone action, applied through the call state machine. */
export const POST = route({ permission: "calls:use", params: ZCallIdParamsSchema }, async ({ principal, params }) => holdCall({ principal, callId: params.id }));
