import { z } from "zod";
import { CALL_STATUSES } from "@/lib/calls/call-state";

/** Inputs of the CRM use-cases and job payloads (plain data; no Prisma rows). */

export const CRM_LINK_DOCTYPES = ["CRM Lead", "CRM Deal"] as const;
export const ZCrmReferenceSchema = z.object({
  doctype: z.enum(CRM_LINK_DOCTYPES),
  name: z.string().min(1).max(140),
});
export type TCrmReference = z.infer<typeof ZCrmReferenceSchema>;

const isoDate = z.iso.datetime({ offset: true });

/** A snapshot of one of our calls, enough to write its CRM Call Log. */
export const ZCrmCallSchema = z.object({
  /** Our call id: becomes the CRM Call Log `id` and document name (idempotency). */
  id: z.string().min(1).max(140),
  direction: z.enum(["inbound", "outbound"]),
  status: z.enum(CALL_STATUSES),
  endReason: z.string().max(200).nullish(),
  /** The customer's number (E.164 or as received). */
  customerPhone: z.string().min(3).max(40),
  /** Our WhatsApp business number. */
  businessPhone: z.string().min(3).max(40),
  /** The Frappe user (email) of the agent who took or placed the call. */
  agentEmail: z.string().email().nullish(),
  startedAt: isoDate,
  answeredAt: isoDate.nullish(),
  endedAt: isoDate.nullish(),
  durationSec: z.number().int().min(0).nullish(),
  recordingUrl: z.string().url().nullish(),
  reference: ZCrmReferenceSchema.nullish(),
});
export type TCrmCall = z.infer<typeof ZCrmCallSchema>;

export const ZCrmNoteSchema = z.object({
  reference: ZCrmReferenceSchema,
  title: z.string().min(1).max(140),
  /** HTML (Text Editor field). */
  content: z.string().max(100_000),
});
export type TCrmNote = z.infer<typeof ZCrmNoteSchema>;

export const CRM_TASK_PRIORITIES = ["Low", "Medium", "High"] as const;
export const CRM_TASK_STATUSES = ["Backlog", "Todo", "In Progress", "Done", "Canceled"] as const;

export const ZCrmTaskSchema = z.object({
  reference: ZCrmReferenceSchema,
  title: z.string().min(1).max(140),
  description: z.string().max(100_000).optional(),
  assignedTo: z.string().email().nullish(),
  dueAt: isoDate,
  priority: z.enum(CRM_TASK_PRIORITIES).default("Medium"),
  status: z.enum(CRM_TASK_STATUSES).default("Todo"),
});
export type TCrmTask = z.input<typeof ZCrmTaskSchema>;

export const ZFindOrCreateLeadInputSchema = z.object({
  phone: z.string().min(3).max(40),
  /** WhatsApp profile name. */
  name: z.string().max(200).nullish(),
  /** The Frappe user (email) to own a new lead. */
  ownerEmail: z.string().email().nullish(),
});
export type TFindOrCreateLeadInput = z.infer<typeof ZFindOrCreateLeadInputSchema>;

export interface TCrmMatch {
  doctype: "CRM Lead" | "CRM Deal";
  name: string;
  /** True when the lead was created by this call. */
  created: boolean;
  /** How it was found: the lead's mobile_no/phone, or a deal contact's Contact Phone row. */
  matchedBy: "mobile_no" | "phone" | "contact_phone" | "created";
  title: string | null;
}
