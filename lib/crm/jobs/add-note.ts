import { z } from "zod";
import { defineJob } from "@/lib/jobs/job-definition";
import { ZCrmNoteSchema } from "../crm.schema";

export const ZCrmAddNoteJobSchema = z.object({
  /** What the note is about, unique per event: e.g. `summary:<conversationId>:<n>`. */
  key: z.string().min(1).max(200),
  note: ZCrmNoteSchema,
});
export type TCrmAddNoteJob = z.infer<typeof ZCrmAddNoteJobSchema>;

/** Conversation summaries, bot qualification and lead score changes → FCRM Note. */
export const crmAddNoteJob = defineJob({
  name: "crm.add_note",
  version: 1,
  payload: ZCrmAddNoteJobSchema,
  maxAttempts: 12,
  handler: () => import("./add-note.handler"),
});

export function crmAddNoteKey(key: string): string {
  return `crm.add_note:${key}`;
}
