import { z } from "zod";
import { CRM_LINK_DOCTYPES } from "./crm.schema";

/** The CRM panel's DTOs (client code may import this file: zod only). */
export const ZCrmActivityItemSchema = z.object({
  /** creation, changed, comment, call, note, task, attachment, communication … */
  type: z.string(),
  title: z.string(),
  detail: z.string().nullable(),
  /** Frappe's naive site-time string, as Frappe sends it. */
  at: z.string().nullable(),
  by: z.string().nullable(),
});
export type TCrmActivityItem = z.infer<typeof ZCrmActivityItemSchema>;

export const ZCrmPanelFieldsSchema = z.object({
  lead_name: z.string().nullable(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  organization: z.string().nullable(),
  status: z.string().nullable(),
  lead_owner: z.string().nullable(),
  email: z.string().nullable(),
  mobile_no: z.string().nullable(),
  phone: z.string().nullable(),
  source: z.string().nullable(),
});
export type TCrmPanelFields = z.infer<typeof ZCrmPanelFieldsSchema>;

export const ZCrmPanelSchema = z.discriminatedUnion("linked", [
  z.object({
    linked: z.literal(false),
    /** The contact's number, for "create lead" and searching by hand. */
    phone: z.string().nullable(),
  }),
  z.object({
    linked: z.literal(true),
    doctype: z.enum(CRM_LINK_DOCTYPES),
    name: z.string(),
    /** Opens the record in Frappe CRM's UI. */
    url: z.string(),
    /** Null when Frappe could not be read (see `error`). */
    fields: ZCrmPanelFieldsSchema.nullable(),
    activities: z.array(ZCrmActivityItemSchema),
    /** Frappe's own message when it is unreachable or refused: the panel shows it, the rest still works. */
    error: z.string().optional(),
  }),
]);
export type TCrmPanel = z.infer<typeof ZCrmPanelSchema>;

export const ZContactIdParamsSchema = z.object({ id: z.string().min(1).max(64) }).strict();

export const ZCrmLinkBodySchema = z
  .object({
    doctype: z.enum(CRM_LINK_DOCTYPES),
    name: z.string().trim().min(1).max(140),
  })
  .strict();
export type TCrmLinkBody = z.infer<typeof ZCrmLinkBodySchema>;

export const ZCrmCreateBodySchema = z.object({}).strict();
