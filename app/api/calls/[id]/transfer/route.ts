import { ZCallIdParamsSchema, ZTransferSchema } from "@/lib/calls/call.schema";
import { transferCall } from "@/lib/calls/transfer-call";
import { route } from "@/lib/core/route";

/** POST /api/calls/{id}/transfer { toAgentId, mode: cold | warm }. */
export const POST = route({ permission: "calls:use", params: ZCallIdParamsSchema, body: ZTransferSchema }, async ({ principal, params, body }) => transferCall({ principal, callId: params.id, toAgentId: body.toAgentId, mode: body.mode }));
