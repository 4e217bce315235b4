import { z } from "zod";

/** Contact DTOs (client-safe). */
export const ZContactDtoSchema = z.object({
  id: z.string(),
  /** WhatsApp id: wa_id digits, or (2026) the business-scoped user id when the phone is hidden. */
  waId: z.string(),
  /** E.164, when known. */
  phone: z.string().nullable(),
  name: z.string().nullable(),
  username: z.string().nullable(),
  language: z.string().nullable(),
});
export type TContactDto = z.infer<typeof ZContactDtoSchema>;

export const ZContactPageSchema = z.object({ data: z.array(ZContactDtoSchema), nextCursor: z.string().nullable() });

export const ZContactListQuerySchema = z
  .object({
    q: z.string().trim().max(200).optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();
export type TContactListQuery = z.infer<typeof ZContactListQuerySchema>;
