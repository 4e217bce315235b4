import { z } from "zod";

/**
 * The workspace's calling settings (`Workspace.settings.calling`), parsed with defaults. Kept
 * apart from Meta's own `/settings` (calling-api.ts): Meta's call hours decide whether the user
 * sees the call button; ours decide whether an arriving call is routed or turned away.
 */
const ZHHMM = z.string().regex(/^([01]\d|2[0-3]):?[0-5]\d$/);
export const ZCallingSettingsSchema = z.object({
  enabled: z.boolean().default(true),
  /** How long agents' softphones ring before the call is abandoned (inbound) or given up (transfer). */
  ringTimeoutSec: z.number().int().min(5).max(120).default(30),
  /** How the next agents are chosen after the contact's assigned agent. */
  strategy: z.enum(["longest_idle", "ring_all", "round_robin"]).default("longest_idle"),
  /** Text of the abandon-recovery call permission request. */
  callbackText: z.string().min(1).max(1024).default("Sorry we missed your call. Tap below to let us call you back."),
  hours: z
    .object({
      timezone: z.string().min(1).default("UTC"),
      weekly: z.array(z.object({ day: z.enum(["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"]), open: ZHHMM, close: ZHHMM })),
    })
    .nullable()
    .default(null),
  /** round_robin bookkeeping. */
  lastRungAgentId: z.string().optional(),
});
export type TCallingSettings = z.infer<typeof ZCallingSettingsSchema>;

export function callingSettingsOf(workspaceSettings: unknown): TCallingSettings {
  const raw = (workspaceSettings && typeof workspaceSettings === "object" ? (workspaceSettings as { calling?: unknown }).calling : undefined) ?? {};
  const r = ZCallingSettingsSchema.safeParse(raw);
  // A broken settings blob must not stop calls: fall back to the defaults.
  return r.success ? r.data : ZCallingSettingsSchema.parse({});
}
