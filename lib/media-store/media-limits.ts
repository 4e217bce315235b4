import { AppError } from "@/lib/core/app-error";

/**
 * What WhatsApp accepts per media kind (reference §4.3). Wrong MIME → Meta answers 131053, so the
 * upload endpoint refuses it up front with the same rule.
 */
const MB = 1024 * 1024;
export const MEDIA_LIMITS = {
  audio: { mimes: ["audio/aac", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg"], maxBytes: 16 * MB },
  document: {
    mimes: [
      "text/plain",
      "application/pdf",
      "application/msword",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "application/vnd.ms-excel",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "application/vnd.ms-powerpoint",
      "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ],
    maxBytes: 100 * MB,
  },
  image: { mimes: ["image/jpeg", "image/png"], maxBytes: 5 * MB },
  /** 100 KB static / 500 KB animated; the upload cannot tell, so the animated limit applies. */
  sticker: { mimes: ["image/webp"], maxBytes: 500 * 1024 },
  video: { mimes: ["video/mp4", "video/3gpp"], maxBytes: 16 * MB },
} as const;
export type TMediaKind = keyof typeof MEDIA_LIMITS;

export const MAX_UPLOAD_BYTES = MEDIA_LIMITS.document.maxBytes;

/** "audio/ogg; codecs=opus" → "audio/ogg". */
export function baseMime(mime: string): string {
  return mime.split(";")[0].trim().toLowerCase();
}

export function mediaKindOf(mime: string): TMediaKind | null {
  const m = baseMime(mime);
  for (const [kind, rule] of Object.entries(MEDIA_LIMITS) as [TMediaKind, (typeof MEDIA_LIMITS)[TMediaKind]][]) {
    if ((rule.mimes as readonly string[]).includes(m)) return kind;
  }
  return null;
}

/** Throws UNSUPPORTED_MEDIA_TYPE / PAYLOAD_TOO_LARGE the way Meta would refuse the file. */
export function assertSendableMedia(mime: string, size: number, kind?: TMediaKind): TMediaKind {
  const found = mediaKindOf(mime);
  if (!found || (kind && !(MEDIA_LIMITS[kind].mimes as readonly string[]).includes(baseMime(mime)))) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", { userMessage: `WhatsApp does not accept ${baseMime(mime) || "this file type"}${kind ? ` as ${kind}` : ""}.` });
  }
  const k = kind ?? found;
  if (size > MEDIA_LIMITS[k].maxBytes) {
    throw new AppError("PAYLOAD_TOO_LARGE", { userMessage: `A ${k} may be at most ${Math.round(MEDIA_LIMITS[k].maxBytes / 1024)} KB on WhatsApp.` });
  }
  if (size === 0) throw new AppError("INVALID_INPUT", { userMessage: "The file is empty." });
  return k;
}
