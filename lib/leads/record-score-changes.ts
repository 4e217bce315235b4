import "server-only";
import type { Prisma } from "@prisma/client";
import { crmAddNoteJob, crmAddNoteKey } from "@/lib/crm/jobs/add-note";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { applyScore, type TScoreEvent, type TScoreResult } from "./scoring";

export interface RecordScoreChangesOptions {
  workspaceId: string;
  contactId: string;
  events: readonly TScoreEvent[];
  /** Qualification answers learnt this turn ("budget: INR 50000"), for the CRM note. */
  qualification?: readonly string[];
  now?: Date;
}

/**
 * Applies scoring events to the contact inside the caller's transaction: one LeadScoreChange row per
 * change with its reason and the score after it, Contact.leadScore / leadStage updated. The contact
 * row is locked first (SELECT … FOR UPDATE), so two turns of the same contact never lose a change.
 * When the contact is linked to a CRM lead or deal and the stage moved or qualification was learnt,
 * a CRM note explaining it is queued (outbox job crm.add_note).
 */
export async function recordScoreChanges(
  tx: Prisma.TransactionClient,
  o: RecordScoreChangesOptions,
): Promise<TScoreResult & { stageChanged: boolean }> {
  const locked = await tx.$queryRaw<
    { leadScore: number; leadStage: string | null; crmDoctype: string | null; crmName: string | null }[]
  >`
    SELECT "leadScore", "leadStage", "crmDoctype", "crmName" FROM "Contact" WHERE "id" = ${o.contactId} AND "workspaceId" = ${o.workspaceId} FOR UPDATE`;
  const contact = locked[0];
  if (!contact) return { score: 0, stage: "cold", changes: [], stageChanged: false };
  const result = applyScore(contact.leadScore, o.events);
  const now = o.now ?? new Date();
  if (result.changes.length > 0) {
    await tx.leadScoreChange.createMany({
      data: result.changes.map((c, i) => ({
        workspaceId: o.workspaceId,
        contactId: o.contactId,
        delta: c.applied,
        reason: c.reason,
        scoreAfter: c.scoreAfter,
        event: c.event as Prisma.InputJsonValue,
        // Keep the order of one turn's changes stable when listed by time.
        createdAt: new Date(now.getTime() + i),
      })),
    });
  }
  const stageChanged = (contact.leadStage ?? "cold") !== result.stage;
  if (result.changes.length > 0 || stageChanged) {
    await tx.contact.update({
      where: { id: o.contactId },
      data: { leadScore: result.score, leadStage: result.stage },
    });
  }
  const qualification = o.qualification ?? [];
  if (contact.crmDoctype && contact.crmName && (stageChanged || qualification.length > 0)) {
    const doctype = contact.crmDoctype === "CRM Deal" ? "CRM Deal" : "CRM Lead";
    const lines = [
      ...qualification.map((q) => `<li>${escapeHtml(q)}</li>`),
      ...result.changes.map((c) => `<li>${escapeHtml(c.text)}</li>`),
    ];
    const key = `score:${o.contactId}:${now.getTime()}:${result.score}`;
    await enqueueJob({
      tx,
      name: crmAddNoteJob.name,
      workspaceId: o.workspaceId,
      payload: {
        key,
        note: {
          reference: { doctype, name: contact.crmName },
          title:
            `WhatsApp bot: lead score ${result.score} (${result.stage}) — ${now.toISOString().slice(0, 16).replace("T", " ")}`.slice(
              0,
              140,
            ),
          content: `<p>Lead score ${result.score} (${result.stage}).</p><ul>${lines.join("")}</ul>`,
        },
      },
      idempotencyKey: crmAddNoteKey(key),
    });
  }
  return { ...result, stageChanged };
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
