import { ZMediaFileDtoSchema } from "@/lib/media-store/media-file.schema";
import { defineApiRoute } from "../openapi";

export const uploadMediaRoute = defineApiRoute({
  method: "POST",
  path: "/api/v1/media",
  summary: "Upload a file to send (multipart/form-data, field `file`)",
  description: "WhatsApp's limits apply: image/jpeg|png ≤ 5 MB, video/mp4|3gpp ≤ 16 MB, audio aac|amr|mpeg|mp4|ogg ≤ 16 MB, sticker image/webp ≤ 500 KB, documents (pdf, txt, Office) ≤ 100 MB.",
  tags: ["media"],
  permission: "inbox:use",
  response: ZMediaFileDtoSchema,
  status: 201,
  errors: [400, 413, 415],
});
