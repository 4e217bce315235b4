import { crmAddNoteJob } from "@/lib/crm/jobs/add-note";
import { crmApplyWebhookJob } from "@/lib/crm/jobs/apply-webhook";
import { crmCreateTaskJob } from "@/lib/crm/jobs/create-task";
import { crmMatchLeadJob } from "@/lib/crm/jobs/match-lead";
import { crmReconcileJob } from "@/lib/crm/jobs/reconcile";
import { crmSyncCallLogJob } from "@/lib/crm/jobs/sync-call-log";
import { appointmentReminderJob } from "./definitions/appointment-reminder";
import { botTurnJob } from "./definitions/bot-turn";
import { callMediaWatchdogJob } from "./definitions/call-media-watchdog";
import { callRingTimeoutJob } from "./definitions/call-ring-timeout";
import { eventsCleanupJob } from "./definitions/events-cleanup";
import { whatsappMarkReadJob } from "./definitions/whatsapp-mark-read";
import { whatsappProcessDeliveryJob } from "./definitions/whatsapp-process-delivery";
import { whatsappSendMessageJob } from "./definitions/whatsapp-send-message";
import type { JobDefinition } from "./job-definition";

/**
 * The one registry of job definitions. Later issues add their definitions to BUILT_IN (webhook
 * processing, Graph API and Frappe outbox jobs, transcription…).
 */
const BUILT_IN: JobDefinition[] = [
  eventsCleanupJob,
  whatsappProcessDeliveryJob,
  whatsappSendMessageJob,
  whatsappMarkReadJob,
  botTurnJob,
  appointmentReminderJob,
  crmMatchLeadJob,
  crmSyncCallLogJob,
  crmAddNoteJob,
  crmCreateTaskJob,
  crmApplyWebhookJob,
  crmReconcileJob,
  callRingTimeoutJob,
  callMediaWatchdogJob,
];

const registry = new Map<string, JobDefinition>(BUILT_IN.map((d) => [d.name, d]));

export function getJobDefinition(name: string): JobDefinition | undefined {
  return registry.get(name);
}

/** Adds (or replaces) a definition; used by tests for their own job types. */
export function registerJob(definition: JobDefinition): void {
  registry.set(definition.name, definition);
}

export function jobNames(): string[] {
  return [...registry.keys()];
}
