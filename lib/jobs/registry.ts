import { eventsCleanupJob } from "./definitions/events-cleanup";
import type { JobDefinition } from "./job-definition";

/**
 * The one registry of job definitions. Later issues add their definitions to BUILT_IN (webhook
 * processing, Graph API and Frappe outbox jobs, transcription…).
 */
const BUILT_IN: JobDefinition[] = [eventsCleanupJob];

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
