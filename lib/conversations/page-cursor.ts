import { AppError } from "@/lib/core/app-error";

/**
 * Keyset cursors for "newest first" lists: base64url of `<ISO time>|<id>`. Stable under inserts
 * (unlike offsets), and the (time, id) pair breaks ties between rows with the same timestamp.
 */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`, "utf8").toString("base64url");
}

export function decodeCursor(cursor: string): { at: Date; id: string } {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const i = text.indexOf("|");
  const at = new Date(text.slice(0, i));
  const id = text.slice(i + 1);
  if (i < 0 || Number.isNaN(at.getTime()) || !id) {
    throw new AppError("INVALID_INPUT", { userMessage: "cursor: not a cursor this API returned", details: [{ field: "cursor", message: "Invalid cursor" }] });
  }
  return { at, id };
}

/** Prisma `where` for rows strictly after the cursor in (field desc, id desc) order. */
export function afterCursor<F extends string>(field: F, cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  const { at, id } = decodeCursor(cursor);
  return { OR: [{ [field]: { lt: at } }, { [field]: at, id: { lt: id } }] };
}
