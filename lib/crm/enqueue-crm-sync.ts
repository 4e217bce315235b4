import "server-only";
import type { Prisma } from "@prisma/client";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { enqueueJob, type EnqueuedJob } from "@/lib/jobs/enqueue-job";
import { pokeJobRunner } from "@/lib/messages/poke-job-runner";
import { type TCrmNote, type TCrmReference } from "./crm.schema";
import { frappeUserOf } from "./find-user-by-frappe-user";
import { crmAddNoteJob, crmAddNoteKey } from "./jobs/add-note";
import { crmCreateTaskJob, crmCreateTaskKey } from "./jobs/create-task";
import { crmMatchLeadJob, crmMatchLeadKey } from "./jobs/match-lead";
import { crmSyncCallLogJob, crmSyncCallLogKey } from "./jobs/sync-call-log";
import { loadCrmCall } from "./load-crm-call";

/**
 * The CRM outbox entry points for the other domains. Each puts one idempotent job in the Job
 * table (pass `tx` to enqueue in the caller's transaction, so the state change and the CRM write
 * commit together); the job runner retries 429/5xx/no-answer with backoff and dead-letters what a
 * retry cannot fix. None of them calls Frappe inline, so Frappe being down never fails the caller.
 *
 * Contract for callers:
 * - **calls** (lib/calls): `enqueueCallLogSync({ callId, tx? })` whenever a Call row changes status
 *   (created/ringing, answered, ended) — after writing it. It snapshots the row; one job per
 *   (call, status), so repeated calls for the same status are no-ops and the CRM log only moves
 *   forward. Missing the "ringing" sync is fine: the end sync creates the log.
 * - **bot / conversations**: `enqueueCrmNote({ workspaceId, contactId, key, title, content, tx? })`
 *   for conversation summaries, bot qualification and lead score changes. `key` must be unique
 *   per event (e.g. `summary:<conversationId>:<n>`, `score:<LeadScoreChange.id>`); the title
 *   should be unique per event too (notes are deduped on reference + title in Frappe). A contact
 *   without a CRM link yet → returns null (nothing to attach to; the note is skipped).
 * - **appointments**: `enqueueCrmTask({ appointmentId, tx? })` after booking; the task is the
 *   appointment's title, due at its start, assigned to its agent's Frappe user.
 * - **messages**: `enqueueLeadMatch({ workspaceId, contactId, phone, name, ownerUserId?, tx })`
 *   for every new WhatsApp contact (done in lib/messages/ingest-inbound-message.ts).
 */

export interface EnqueueLeadMatchOptions {
  workspaceId: string;
  contactId: string;
  /** E.164 or the WhatsApp id digits. */
  phone: string;
  name?: string | null;
  /** The agent the conversation was assigned to: owner of a newly created lead. */
  ownerUserId?: string | null;
  /** Reconciliation re-queues with a new tag, so an earlier dead-lettered match does not block it. */
  retryTag?: string;
  tx?: Prisma.TransactionClient;
}

export async function enqueueLeadMatch(options: EnqueueLeadMatchOptions): Promise<EnqueuedJob> {
  const ownerEmail = options.ownerUserId ? await frappeUserOf({ userId: options.ownerUserId, tx: options.tx }) : null;
  const r = await enqueueJob({
    tx: options.tx,
    name: crmMatchLeadJob.name,
    workspaceId: options.workspaceId,
    payload: {
      contactId: options.contactId,
      phone: options.phone,
      name: options.name ?? null,
      ownerEmail: ownerEmail && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(ownerEmail) ? ownerEmail : null,
    },
    idempotencyKey: crmMatchLeadKey({ contactId: options.contactId, phone: options.phone }) + (options.retryTag ? `:${options.retryTag}` : ""),
  });
  if (!options.tx && r.created) pokeJobRunner();
  return r;
}

export async function enqueueCallLogSync(options: { callId: string; tx?: Prisma.TransactionClient }): Promise<EnqueuedJob | null> {
  const loaded = await loadCrmCall(options);
  if (!loaded) return null;
  const r = await enqueueJob({
    tx: options.tx,
    name: crmSyncCallLogJob.name,
    workspaceId: loaded.workspaceId,
    payload: loaded.call,
    idempotencyKey: crmSyncCallLogKey(loaded.call),
  });
  if (!options.tx && r.created) pokeJobRunner();
  return r;
}

export interface EnqueueCrmNoteOptions {
  workspaceId: string;
  contactId: string;
  key: string;
  title: string;
  /** HTML. */
  content: string;
  tx?: Prisma.TransactionClient;
}

export async function enqueueCrmNote(options: EnqueueCrmNoteOptions): Promise<EnqueuedJob | null> {
  const reference = await referenceOf(options.workspaceId, options.contactId, options.tx);
  if (!reference) return null;
  const note: TCrmNote = { reference, title: options.title.slice(0, 140), content: options.content };
  const r = await enqueueJob({
    tx: options.tx,
    name: crmAddNoteJob.name,
    workspaceId: options.workspaceId,
    payload: { key: options.key, note },
    idempotencyKey: crmAddNoteKey(options.key),
  });
  if (!options.tx && r.created) pokeJobRunner();
  return r;
}

export async function enqueueCrmTask(options: { appointmentId: string; tx?: Prisma.TransactionClient }): Promise<EnqueuedJob | null> {
  const db = options.tx ?? (await getDb());
  const a = await db.appointment.findUnique({
    where: { id: options.appointmentId },
    select: { id: true, workspaceId: true, contactId: true, agentId: true, title: true, notes: true, startsAt: true },
  });
  if (!a) throw new AppError("NOT_FOUND", { userMessage: "Appointment not found." });
  const reference = await referenceOf(a.workspaceId, a.contactId, options.tx);
  if (!reference) return null;
  const assignedTo = await frappeUserOf({ userId: a.agentId, tx: options.tx });
  const r = await enqueueJob({
    tx: options.tx,
    name: crmCreateTaskJob.name,
    workspaceId: a.workspaceId,
    payload: {
      appointmentId: a.id,
      task: {
        reference,
        title: a.title.slice(0, 140),
        description: a.notes ?? undefined,
        assignedTo: assignedTo && /@/.test(assignedTo) ? assignedTo : null,
        dueAt: a.startsAt.toISOString(),
      },
    },
    idempotencyKey: crmCreateTaskKey(a.id),
  });
  if (!options.tx && r.created) pokeJobRunner();
  return r;
}

async function referenceOf(workspaceId: string, contactId: string, tx?: Prisma.TransactionClient): Promise<TCrmReference | null> {
  const db = tx ?? (await getDb());
  const c = await db.contact.findFirst({ where: { id: contactId, workspaceId }, select: { crmDoctype: true, crmName: true } });
  if (!c?.crmName || (c.crmDoctype !== "CRM Lead" && c.crmDoctype !== "CRM Deal")) return null;
  return { doctype: c.crmDoctype, name: c.crmName };
}
