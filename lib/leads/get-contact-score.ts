import "server-only";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import type { TLeadScoreDto } from "./lead-score.schema";
import { stageFor } from "./scoring";

/** The contact's lead score, stage and its most recent changes (newest first), each with its reason. */
export async function getContactScore(o: {
  workspaceId: string;
  contactId: string;
  limit?: number;
}): Promise<TLeadScoreDto> {
  const db = await getDb();
  const contact = await db.contact.findFirst({
    where: { id: o.contactId, workspaceId: o.workspaceId },
    select: { leadScore: true },
  });
  if (!contact) throw new AppError("NOT_FOUND", { userMessage: "Contact not found." });
  const rows = await db.leadScoreChange.findMany({
    where: { contactId: o.contactId, workspaceId: o.workspaceId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: o.limit ?? 100,
  });
  return {
    score: contact.leadScore,
    stage: stageFor(contact.leadScore),
    changes: rows.map((r) => ({
      delta: r.delta,
      reason: r.reason,
      scoreAfter: r.scoreAfter,
      createdAt: r.createdAt.toISOString(),
    })),
  };
}
