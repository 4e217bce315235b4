import "server-only";
import type { CannedResponse } from "@prisma/client";
import { Prisma } from "@prisma/client";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import type { TCannedResponse } from "./canned-response.schema";

const toDto = (c: CannedResponse): TCannedResponse => ({ id: c.id, shortcut: c.shortcut, body: c.body, createdAt: c.createdAt.toISOString() });

export async function listCannedResponses(options: { workspaceId: string }): Promise<TCannedResponse[]> {
  const db = await getDb();
  return (await db.cannedResponse.findMany({ where: { workspaceId: options.workspaceId }, orderBy: { shortcut: "asc" } })).map(toDto);
}

export async function createCannedResponse(options: { workspaceId: string; userId: string | null; shortcut: string; body: string }): Promise<TCannedResponse> {
  const db = await getDb();
  try {
    return toDto(await db.cannedResponse.create({ data: { workspaceId: options.workspaceId, shortcut: options.shortcut.toLowerCase(), body: options.body, createdById: options.userId } }));
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") throw new AppError("CONFLICT", { userMessage: `The shortcut /${options.shortcut} exists already.` });
    throw err;
  }
}

export async function deleteCannedResponse(options: { workspaceId: string; id: string }): Promise<void> {
  const db = await getDb();
  const { count } = await db.cannedResponse.deleteMany({ where: { id: options.id, workspaceId: options.workspaceId } });
  if (count === 0) throw new AppError("NOT_FOUND", { userMessage: "Canned response not found." });
}
