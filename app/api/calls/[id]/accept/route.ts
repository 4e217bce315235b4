import { acceptCall } from "@/lib/calls/accept-call";
import { ZCallIdParamsSchema } from "@/lib/calls/call.schema";
import { route } from "@/lib/core/route";

/** POST /api/calls/{id}/accept — pick up (first agent wins; others 409); returns the media token. */
export const POST = route({ permission: "calls:use", params: ZCallIdParamsSchema }, async ({ principal, params }) => acceptCall({ principal, callId: params.id }));
