import { z } from "zod";

/**
 * The body our Frappe Webhook sends (README "Frappe CRM" → webhook: doctype CRM Lead, events
 * after_insert and on_update, request structure JSON). Frappe renders the admin's Jinja template
 * and posts Python's `json.dumps` of it (reference §5.1), so every field is whatever the template
 * says: unknown keys are kept out, missing ones are simply not applied. `name` is the only must.
 * Dates arrive as strings ("YYYY-MM-DD HH:MM:SS.ffffff", site time zone).
 */
const text = z.string().max(500).nullish();
export const ZFrappeLeadWebhookSchema = z.object({
  doctype: z.string().max(140).default("CRM Lead"),
  event: z.string().max(60).optional(),
  name: z.string().min(1).max(140),
  lead_name: text,
  first_name: text,
  last_name: text,
  status: text,
  lead_owner: text,
  mobile_no: text,
  phone: text,
  email: text,
  organization: text,
  converted: z.union([z.number(), z.boolean(), z.string()]).nullish(),
  modified: text,
});
export type TFrappeLeadWebhook = z.infer<typeof ZFrappeLeadWebhookSchema>;
