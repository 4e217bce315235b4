import { z } from "zod";
import { defineJob } from "@/lib/jobs/job-definition";
import { ZFindOrCreateLeadInputSchema } from "../crm.schema";

export const ZCrmMatchLeadJobSchema = ZFindOrCreateLeadInputSchema.extend({
  /** Our contact: when set, the match is stored on it (Contact.crmDoctype / crmName). */
  contactId: z.string().min(1).max(64).optional(),
});
export type TCrmMatchLeadJob = z.infer<typeof ZCrmMatchLeadJobSchema>;

/** A new WhatsApp contact → its CRM Lead (or a deal's contact), created when nothing matches. */
export const crmMatchLeadJob = defineJob({
  name: "crm.match_lead",
  version: 1,
  payload: ZCrmMatchLeadJobSchema,
  maxAttempts: 12,
  handler: () => import("./match-lead.handler"),
});

export function crmMatchLeadKey(input: { contactId?: string; phone: string }): string {
  return `crm.match_lead:${input.contactId ?? input.phone}`;
}
