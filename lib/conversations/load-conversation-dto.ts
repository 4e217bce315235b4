import "server-only";
import type { Prisma } from "@prisma/client";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { CONVERSATION_DTO_INCLUDE, toConversationDto } from "./conversation.mapper";
import type { TConversationDto } from "./conversation.schema";

/** One conversation of the workspace as a DTO; NOT_FOUND for another workspace's. */
export async function loadConversationDto(workspaceId: string, id: string, db?: Prisma.TransactionClient): Promise<TConversationDto> {
  const client = db ?? (await getDb());
  const row = await client.conversation.findFirst({ where: { id, workspaceId }, include: CONVERSATION_DTO_INCLUDE });
  if (!row) throw new AppError("NOT_FOUND", { userMessage: "Conversation not found." });
  return toConversationDto(row);
}
