import "server-only";
import { type TCrmConfig, crmConfig } from "./config";
import type { TCrmTask } from "./crm.schema";
import type { FrappeClient, FrappeDoc } from "./frappe-client";
import { getFrappeClient } from "./get-frappe-client";
import { buildTaskPayload } from "./task-payload";

export interface CreateTaskOptions {
  task: TCrmTask;
  client?: FrappeClient;
  config?: TCrmConfig;
}

/**
 * Creates a CRM Task (e.g. for a booked appointment). CRM Task names are autoincrement integers, so
 * idempotency is a lookup on (reference, title, due date) before the insert.
 */
export async function createTask(options: CreateTaskOptions): Promise<{ name: string; created: boolean }> {
  const config = options.config ?? crmConfig();
  const client = options.client ?? getFrappeClient(config);
  const body = buildTaskPayload(options.task, config.timeZone);
  const [existing] = await client.getList<{ name: string | number }>("CRM Task", {
    fields: ["name"],
    filters: [
      ["reference_doctype", "=", body.reference_doctype],
      ["reference_docname", "=", body.reference_docname],
      ["title", "=", body.title],
      ["due_date", "=", body.due_date],
    ],
    limit: 1,
  });
  if (existing) return { name: String(existing.name), created: false };
  const doc = await client.insert<FrappeDoc>("CRM Task", body);
  return { name: String(doc.name), created: true };
}
