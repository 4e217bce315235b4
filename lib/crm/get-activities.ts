import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/core/app-error";
import type { FrappeClient } from "./frappe-client";
import { getFrappeClient } from "./get-frappe-client";

/**
 * `crm.api.activities.get_activities(name)` → `{"message": [activities, calls, notes, tasks,
 * attachments]}` (reference §3.10) for the CRM panel. Rows are passed through loosely (CRM adds
 * fields between versions); only what the panel shows is typed.
 */
const row = z.record(z.string(), z.unknown());
export const ZCrmActivitiesSchema = z.tuple([z.array(row), z.array(row), z.array(row), z.array(row), z.array(row)]);

export interface TCrmActivities {
  activities: Record<string, unknown>[];
  calls: Record<string, unknown>[];
  notes: Record<string, unknown>[];
  tasks: Record<string, unknown>[];
  attachments: Record<string, unknown>[];
}

export interface GetActivitiesOptions {
  /** Lead or deal name. */
  name: string;
  client?: FrappeClient;
}

export async function getActivities(options: GetActivitiesOptions): Promise<TCrmActivities> {
  const client = options.client ?? getFrappeClient();
  const message = await client.call<unknown>("crm.api.activities.get_activities", { name: options.name });
  const parsed = ZCrmActivitiesSchema.safeParse(message);
  if (!parsed.success) {
    throw new AppError("PROVIDER_ERROR", {
      message: `Unexpected get_activities answer: ${parsed.error.message}`,
      userMessage: "Frappe CRM returned activities in an unexpected shape.",
    });
  }
  const [activities, calls, notes, tasks, attachments] = parsed.data;
  return { activities, calls, notes, tasks, attachments };
}
