import { ZCallIdParamsSchema, ZDtmfSchema } from "@/lib/calls/call.schema";
import { sendCallDtmf } from "@/lib/calls/send-call-dtmf";
import { route } from "@/lib/core/route";

/**
 * POST /api/calls/{id}/dtmf { digits } — keypad digits from the agent, played to the WhatsApp user
 * in-band (RFC 4733). 409 when the call's WhatsApp audio is not connected, 503 when the media server
 * cannot be reached; the timeline records the digits either way, with `sent`.
 */
export const POST = route({ permission: "calls:use", params: ZCallIdParamsSchema, body: ZDtmfSchema }, async ({ principal, params, body }) => sendCallDtmf({ principal, callId: params.id, digits: body.digits }));
