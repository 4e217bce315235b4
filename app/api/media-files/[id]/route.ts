import { route } from "@/lib/core/route";
import { ZMediaFileIdParamsSchema } from "@/lib/media-store/media-file.schema";
import { readMediaFile } from "@/lib/media-store/read-media-file";

/** A stored media file, decrypted, for the workspace's users and API keys only. */
export const GET = route({ permission: "inbox:use", params: ZMediaFileIdParamsSchema }, async ({ principal, params }) => {
  const file = await readMediaFile({ workspaceId: principal.workspaceId, id: params.id });
  const name = (file.filename ?? params.id).replace(/["\\\r\n]/g, "_");
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      "content-type": file.mime,
      "content-length": String(file.bytes.length),
      "content-disposition": `inline; filename="${name}"`,
      "cache-control": "private, max-age=3600",
      "x-content-type-options": "nosniff",
    },
  });
});
