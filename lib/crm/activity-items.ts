import { htmlToText } from "./frappe-error";
import type { TCrmActivityItem } from "./crm-panel.schema";
import type { TCrmActivities } from "./get-activities";

/**
 * get_activities' five lists (reference §3.10) → one short, newest-first list for the panel.
 * Rows are loose (CRM adds fields between versions): only strings are read, HTML is stripped.
 */
export function toActivityItems(a: TCrmActivities, limit = 15): TCrmActivityItem[] {
  const s = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v : null);
  const items: TCrmActivityItem[] = [];
  for (const r of a.activities) {
    const type = s(r.activity_type) ?? "activity";
    let title = type;
    let detail: string | null = null;
    if (type === "creation") title = s(r.data) ?? "created this record";
    else if (type === "comment") {
      title = "Comment";
      detail = s(r.content) ? htmlToText(String(r.content)) : null;
    } else if (type === "changed" || type === "added" || type === "removed") {
      const d = (r.data && typeof r.data === "object" ? r.data : {}) as Record<string, unknown>;
      const label = s(d.field_label) ?? s(d.field) ?? "a field";
      title = type === "changed" ? `Changed ${label}` : type === "added" ? `Added ${label}` : `Removed ${label}`;
      detail = [s(d.old_value) ? `${String(d.old_value)} →` : null, s(d.value) ?? (typeof d.value === "number" ? String(d.value) : null)].filter(Boolean).join(" ") || null;
    } else if (type === "communication") {
      title = s((r.data as Record<string, unknown> | undefined)?.subject) ?? "Email";
    }
    items.push({ type, title, detail, at: s(r.creation), by: s(r.owner) });
  }
  for (const c of a.calls) {
    const dir = s(c.type) ?? "Call";
    items.push({ type: "call", title: `${dir} call · ${s(c.status) ?? ""}`.trim(), detail: typeof c.duration === "number" ? `${c.duration} s` : null, at: s(c.start_time) ?? s(c.creation), by: s(c.receiver) ?? s(c.caller) });
  }
  for (const n of a.notes) items.push({ type: "note", title: s(n.title) ?? "Note", detail: s(n.content) ? htmlToText(String(n.content)).slice(0, 300) : null, at: s(n.creation), by: s(n.owner) });
  for (const t of a.tasks) items.push({ type: "task", title: s(t.title) ?? "Task", detail: [s(t.status), s(t.due_date) ? `due ${String(t.due_date)}` : null].filter(Boolean).join(" · ") || null, at: s(t.creation), by: s(t.assigned_to) });
  for (const f of a.attachments) items.push({ type: "attachment", title: s(f.file_name) ?? "Attachment", detail: null, at: s(f.creation), by: s(f.owner) });
  // Frappe datetimes are "YYYY-MM-DD HH:MM:SS.ffffff": lexical order is time order.
  return items.sort((x, y) => (y.at ?? "").localeCompare(x.at ?? "")).slice(0, limit);
}
