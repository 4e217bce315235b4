import type { TCrmNote, TCrmReference } from "./crm.schema";

/**
 * FCRM Note bodies (reference §3.6: `title` reqd, `content` HTML, `reference_doctype`/
 * `reference_docname`). Notes show in the lead's Notes tab. FCRM Note names are random hashes and
 * Frappe discards a client-supplied name, so idempotency comes from the title: every note we write
 * carries a title unique to its event (kind + time), and addNote looks it up before inserting.
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

function paragraphs(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p.trim()).replace(/\n/g, "<br>")}</p>`)
    .join("");
}

export function buildNotePayload(note: TCrmNote): Record<string, unknown> {
  return {
    title: note.title,
    content: note.content,
    reference_doctype: note.reference.doctype,
    reference_docname: note.reference.name,
  };
}

/** "2026-11-27 14:05" in the site's time zone, to make titles unique per event. */
function stamp(at: Date, timeZone: string): string {
  const f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  return f.format(at).replace(",", "");
}

export function conversationSummaryNote(input: { reference: TCrmReference; summary: string; at: Date; timeZone: string; channel?: string }): TCrmNote {
  return {
    reference: input.reference,
    title: `WhatsApp conversation summary · ${stamp(input.at, input.timeZone)}`,
    content: paragraphs(input.summary),
  };
}

export function qualificationNote(input: {
  reference: TCrmReference;
  answers: { question: string; answer: string }[];
  at: Date;
  timeZone: string;
}): TCrmNote {
  const rows = input.answers.map((a) => `<li><strong>${escapeHtml(a.question)}</strong>: ${escapeHtml(a.answer)}</li>`).join("");
  return {
    reference: input.reference,
    title: `WhatsApp bot qualification · ${stamp(input.at, input.timeZone)}`,
    content: `<p>Answers collected by the WhatsApp assistant:</p><ul>${rows}</ul>`,
  };
}

export function scoreChangeNote(input: {
  reference: TCrmReference;
  from: number;
  to: number;
  reasons: string[];
  at: Date;
  timeZone: string;
}): TCrmNote {
  const reasons = input.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join("");
  return {
    reference: input.reference,
    title: `Lead score ${input.from} → ${input.to} · ${stamp(input.at, input.timeZone)}`,
    content: `<p>Lead score changed from <strong>${input.from}</strong> to <strong>${input.to}</strong>.</p>${reasons ? `<ul>${reasons}</ul>` : ""}`,
  };
}
