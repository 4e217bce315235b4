import { ZCallIdParamsSchema, ZDtmfSchema } from "@/lib/calls/call.schema";
import { sendCallDtmf } from "@/lib/calls/send-call-dtmf";
import { route } from "@/lib/core/route";

/** POST /api/calls/{id}/dtmf { digits } — keypad digits from the agent. */
export const POST = route({ permission: "calls:use", params: ZCallIdParamsSchema, body: ZDtmfSchema }, async ({ principal, params, body }) => sendCallDtmf({ principal, callId: params.id, digits: body.digits }));
