import { type TCrmTask, ZCrmTaskSchema } from "./crm.schema";
import { toFrappeDatetime } from "./frappe-datetime";

/**
 * CRM Task body for an appointment (reference §3.7): `title` reqd, `priority` Low/Medium/High,
 * `status` Backlog/Todo/In Progress/Done/Canceled, `assigned_to` Link User, `due_date` Datetime
 * (naive, site time zone), `description` HTML. Names are autoincrement integers.
 */
export function buildTaskPayload(task: TCrmTask, timeZone: string): Record<string, unknown> {
  const t = ZCrmTaskSchema.parse(task);
  const body: Record<string, unknown> = {
    title: t.title,
    priority: t.priority,
    status: t.status,
    due_date: toFrappeDatetime(t.dueAt, timeZone),
    reference_doctype: t.reference.doctype,
    reference_docname: t.reference.name,
  };
  if (t.description) body.description = t.description;
  if (t.assignedTo) body.assigned_to = t.assignedTo;
  return body;
}
