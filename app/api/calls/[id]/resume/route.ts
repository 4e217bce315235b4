import { ZCallIdParamsSchema } from "@/lib/calls/call.schema";
import { resumeCall } from "@/lib/calls/resume-call";
import { route } from "@/lib/core/route";

/** POST /api/calls/{id}/resume — softphone action, applied through the call state machine. */
export const POST = route({ permission: "calls:use", params: ZCallIdParamsSchema }, async ({ principal, params }) => resumeCall({ principal, callId: params.id }));
