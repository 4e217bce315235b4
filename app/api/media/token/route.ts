import { route } from "@/lib/core/route";
import { issueMediaToken } from "@/lib/media/issue-media-token";
import { ZIssueMediaTokenSchema, ZMediaTokenResponseSchema } from "@/lib/media/media-token.schema";

export const dynamic = "force-dynamic";

/** POST /api/media/token — a short-lived socket.io token for the media-server, for the signed-in user. */
export const POST = route({ permission: "calls:use", body: ZIssueMediaTokenSchema }, async ({ principal, body }) =>
  ZMediaTokenResponseSchema.parse(await issueMediaToken({ principal, callId: body.callId })),
);
