import "server-only";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { readBlob } from "./file-store";

/** The decrypted bytes of a stored file of this workspace (NOT_FOUND for another workspace's). */
export async function readMediaFile(options: { workspaceId: string; id: string }): Promise<{ bytes: Buffer; mime: string; filename: string | null; size: number }> {
  const db = await getDb();
  const row = await db.mediaFile.findFirst({ where: { id: options.id, workspaceId: options.workspaceId } });
  if (!row) throw new AppError("NOT_FOUND", { userMessage: "File not found." });
  const bytes = await readBlob(row.storageKey).catch((err: unknown) => {
    throw new AppError("NOT_FOUND", { message: `Media blob ${row.storageKey} unreadable`, userMessage: "File not found.", cause: err });
  });
  return { bytes, mime: row.mime, filename: row.filename, size: row.size };
}
