import { addCallParticipant } from "@/lib/calls/add-call-participant";
import { ZAddParticipantSchema, ZCallIdParamsSchema } from "@/lib/calls/call.schema";
import { route } from "@/lib/core/route";

/** POST /api/calls/{id}/participants { agentId } — ring another agent to join the call. */
export const POST = route({ permission: "calls:use", params: ZCallIdParamsSchema, body: ZAddParticipantSchema }, async ({ principal, params, body }) => addCallParticipant({ principal, callId: params.id, agentId: body.agentId }));
