import "server-only";
import { type TCrmNote, ZCrmNoteSchema } from "./crm.schema";
import type { FrappeClient, FrappeDoc } from "./frappe-client";
import { getFrappeClient } from "./get-frappe-client";
import { buildNotePayload } from "./note-payload";

export interface AddNoteOptions {
  note: TCrmNote;
  client?: FrappeClient;
}

/**
 * Adds an FCRM Note to a lead or deal. FCRM Note names are random hashes (a client-supplied name is
 * discarded by Frappe's naming), so a retried insert could duplicate: look up a note with the same
 * reference and title first (our titles are unique per event, see note-payload.ts).
 */
export async function addNote(options: AddNoteOptions): Promise<{ name: string; created: boolean }> {
  const note = ZCrmNoteSchema.parse(options.note);
  const client = options.client ?? getFrappeClient();
  const [existing] = await client.getList<{ name: string }>("FCRM Note", {
    fields: ["name"],
    filters: [
      ["reference_doctype", "=", note.reference.doctype],
      ["reference_docname", "=", note.reference.name],
      ["title", "=", note.title],
    ],
    limit: 1,
  });
  if (existing) return { name: existing.name, created: false };
  const doc = await client.insert<FrappeDoc>("FCRM Note", buildNotePayload(note));
  return { name: doc.name, created: true };
}
