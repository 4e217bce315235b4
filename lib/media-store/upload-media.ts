import "server-only";
import { AppError } from "@/lib/core/app-error";
import { mediaFileUrl } from "@/lib/messages/message.mapper";
import { assertSendableMedia, MAX_UPLOAD_BYTES } from "./media-limits";
import type { TMediaFileDto } from "./media-file.schema";
import { saveMediaFile } from "./save-media-file";

/**
 * POST /api/v1/media: multipart/form-data with a `file` part, checked against WhatsApp's type and
 * size table (§4.3) so a send never fails later with 131053. Stored encrypted; uploaded to Meta
 * only when a message uses it.
 */
export async function uploadMedia(options: { workspaceId: string; userId: string | null; req: Request }): Promise<TMediaFileDto> {
  const { req } = options;
  const type = req.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data/i.test(type)) throw new AppError("UNSUPPORTED_MEDIA_TYPE", { userMessage: "Send the file as multipart/form-data with a `file` field." });
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_UPLOAD_BYTES + 64 * 1024) throw new AppError("PAYLOAD_TOO_LARGE", { userMessage: "The file is larger than WhatsApp accepts (100 MB)." });
  let form: FormData;
  try {
    form = await req.formData();
  } catch (err) {
    throw new AppError("INVALID_INPUT", { userMessage: "Malformed multipart body.", cause: err });
  }
  const file = form.get("file");
  if (!file || typeof file === "string") throw new AppError("INVALID_INPUT", { userMessage: "file: required", details: [{ field: "file", message: "Required" }] });
  const mime = file.type || "application/octet-stream";
  assertSendableMedia(mime, file.size);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const filename = file.name && file.name !== "blob" ? file.name.slice(0, 240) : null;
  const row = await saveMediaFile({ workspaceId: options.workspaceId, bytes, mime, filename, origin: "upload", createdById: options.userId });
  return { id: row.id, url: mediaFileUrl(row.id), mime: row.mime, size: row.size, filename: row.filename };
}
