import { respond } from "@/lib/api/respond";
import { uploadMediaRoute } from "@/lib/api/routes/media";
import { route } from "@/lib/core/route";
import { uploadMedia } from "@/lib/media-store/upload-media";

export const POST = route(uploadMediaRoute, async ({ principal, req }) =>
  respond(uploadMediaRoute, await uploadMedia({ workspaceId: principal.workspaceId, userId: principal.userId, req })),
);
