import { createHash } from "node:crypto";
import { hmacSha256, safeEqual } from "@/lib/core/crypto";
import type { SandboxContext } from "../context";
import type { RouteContext } from "../http";
import { sendBytes, sendJson } from "../http";
import type { SandboxStore, TSimMedia } from "../store";
import { graphErrors, sendGraphError } from "./errors";

/**
 * Media endpoints (reference §4): multipart upload → `{ id }`; `GET /{media-id}` → a signed URL
 * valid for a few minutes (5 by default); the URL itself needs the bearer token and answers 404
 * once expired; `DELETE /{media-id}`.
 */

/** Supported MIME types and size limits (§4.3). */
export const MEDIA_LIMITS: Record<string, number> = {
  "audio/aac": 16 << 20,
  "audio/amr": 16 << 20,
  "audio/mpeg": 16 << 20,
  "audio/mp4": 16 << 20,
  "audio/ogg": 16 << 20,
  "text/plain": 100 << 20,
  "application/pdf": 100 << 20,
  "application/msword": 100 << 20,
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": 100 << 20,
  "application/vnd.ms-excel": 100 << 20,
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": 100 << 20,
  "application/vnd.ms-powerpoint": 100 << 20,
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": 100 << 20,
  "image/jpeg": 5 << 20,
  "image/png": 5 << 20,
  "image/webp": 500 << 10,
  "video/mp4": 16 << 20,
  "video/3gpp": 16 << 20,
};

/** "audio/ogg; codecs=opus" → "audio/ogg". */
export const baseMime = (mime: string) => mime.split(";")[0]!.trim().toLowerCase();

export function mediaProblem(mimeType: string, size: number): string | null {
  const limit = MEDIA_LIMITS[baseMime(mimeType)];
  if (limit === undefined) {
    return `Param file must be a file with one of the following types: ${Object.keys(MEDIA_LIMITS).join(", ")}. Received file of type '${mimeType}'.`;
  }
  if (size === 0) return "Param file must not be empty.";
  if (size > limit) return `File size ${size} bytes exceeds the ${limit} bytes limit for ${baseMime(mimeType)}.`;
  return null;
}

export function storeMedia(store: SandboxStore, input: { bytes: Buffer; mimeType: string; filename?: string; origin: TSimMedia["origin"] }): TSimMedia {
  const media: TSimMedia = {
    id: store.newMediaId(),
    bytes: input.bytes,
    mimeType: input.mimeType,
    sha256Hex: createHash("sha256").update(input.bytes).digest("hex"),
    ...(input.filename ? { filename: input.filename } : {}),
    origin: input.origin,
    createdAt: store.now(),
  };
  store.media.set(media.id, media);
  return media;
}

export async function postMedia(sb: SandboxContext, ctx: RouteContext): Promise<void> {
  const { store } = sb;
  if (ctx.params.id !== store.options.phoneNumberId) return sendGraphError(ctx.res, graphErrors.unsupportedRequest("POST", ctx.params.id!));
  const contentType = ctx.req.headers["content-type"] ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
    return sendGraphError(ctx.res, graphErrors.invalidParameter("Media upload must be multipart/form-data."));
  }
  let form: FormData;
  try {
    const raw = await ctx.body();
    form = await new Request("http://sandbox.local/upload", { method: "POST", headers: { "content-type": contentType }, body: new Uint8Array(raw) }).formData();
  } catch {
    return sendGraphError(ctx.res, graphErrors.invalidParameter("Could not parse the multipart body."));
  }
  if (form.get("messaging_product") !== "whatsapp") return sendGraphError(ctx.res, graphErrors.missingParameter("The parameter messaging_product is required."));
  const file = form.get("file");
  if (!(file instanceof Blob)) return sendGraphError(ctx.res, graphErrors.missingParameter("The parameter file is required."));
  const typeField = form.get("type");
  const mimeType = (typeof typeField === "string" && typeField) || file.type;
  const bytes = Buffer.from(await file.arrayBuffer());
  const problem = mediaProblem(mimeType, bytes.length);
  if (problem) return sendGraphError(ctx.res, graphErrors.mediaUpload(problem));
  const filename = "name" in file && typeof file.name === "string" ? file.name : undefined;
  const media = storeMedia(store, { bytes, mimeType, filename, origin: "upload" });
  sendJson(ctx.res, 200, { id: media.id });
}

function urlSignature(store: SandboxStore, mid: string, ext: string): string {
  return hmacSha256(store.options.appSecret + ":media", `${mid}:${ext}`).toString("hex").slice(0, 40);
}

/** Meta's lookaside URL shape: …/whatsapp_business/attachments/?mid=…&ext=…&hash=… */
export function mediaUrl(store: SandboxStore, media: TSimMedia): string {
  const ext = String(Math.floor((store.now() + store.options.mediaUrlTtlMs) / 1000));
  const u = new URL(`${store.options.publicUrl}/lookaside/whatsapp_business/attachments/`);
  u.searchParams.set("mid", media.id);
  u.searchParams.set("ext", ext);
  u.searchParams.set("hash", urlSignature(store, media.id, ext));
  return u.toString();
}

export function getMedia(sb: SandboxContext, ctx: RouteContext, media: TSimMedia): void {
  const { store } = sb;
  const pn = ctx.url.searchParams.get("phone_number_id");
  if (pn && pn !== store.options.phoneNumberId) return sendGraphError(ctx.res, graphErrors.invalidParameter("phone_number_id does not match the media's phone number."));
  sendJson(ctx.res, 200, {
    messaging_product: "whatsapp",
    url: mediaUrl(store, media),
    mime_type: media.mimeType,
    sha256: media.sha256Hex,
    file_size: String(media.bytes.length),
    id: media.id,
  });
}

export function deleteMedia(sb: SandboxContext, ctx: RouteContext, media: TSimMedia): void {
  sb.store.media.delete(media.id);
  sendJson(ctx.res, 200, { success: true });
}

/** `GET <media url>`: bearer token required; 404 once expired or tampered with. */
export function downloadMedia(sb: SandboxContext, ctx: RouteContext): void {
  const { store } = sb;
  const auth = /^Bearer\s+(.+)$/i.exec((ctx.req.headers.authorization ?? "").trim());
  if (!auth || !safeEqual(auth[1]!, store.options.accessToken)) return sendGraphError(ctx.res, graphErrors.invalidToken());
  const mid = ctx.url.searchParams.get("mid") ?? "";
  const ext = ctx.url.searchParams.get("ext") ?? "";
  const hash = ctx.url.searchParams.get("hash") ?? "";
  const media = store.media.get(mid);
  const valid = media && /^\d+$/.test(ext) && safeEqual(hash, urlSignature(store, mid, ext)) && store.now() < Number(ext) * 1000;
  if (!valid) return sendJson(ctx.res, 404, { error: { message: "URL signature expired or not found", code: 404 } });
  sendBytes(ctx.res, 200, media.bytes, media.mimeType);
}
