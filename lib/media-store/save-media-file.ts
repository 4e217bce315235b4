import "server-only";
import type { MediaFile } from "@prisma/client";
import { sha256Hex } from "@/lib/core/crypto";
import { getDb } from "@/lib/core/db";
import { baseMime } from "./media-limits";
import { newStorageKey, writeBlob } from "./file-store";

export interface SaveMediaFileOptions {
  workspaceId: string;
  bytes: Uint8Array;
  mime: string;
  filename?: string | null;
  origin: "inbound" | "upload";
  metaMediaId?: string | null;
  createdById?: string | null;
}

/** Writes the encrypted file first, then the row (a crash in between leaves an orphan file, never a row without a file). */
export async function saveMediaFile(o: SaveMediaFileOptions): Promise<MediaFile> {
  const storageKey = newStorageKey();
  const buf = Buffer.from(o.bytes);
  await writeBlob(storageKey, buf);
  const db = await getDb();
  return db.mediaFile.create({
    data: {
      workspaceId: o.workspaceId,
      storageKey,
      mime: baseMime(o.mime),
      size: buf.length,
      filename: o.filename ?? null,
      sha256: sha256Hex(buf),
      origin: o.origin,
      metaMediaId: o.metaMediaId ?? null,
      createdById: o.createdById ?? null,
    },
  });
}
