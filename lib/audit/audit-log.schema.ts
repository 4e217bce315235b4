import { z } from "zod";

/** The audit log as admins read it (safe to import from client code). */
export const ZAuditEntrySchema = z.object({
  id: z.string(),
  /** `domain.past_tense`: user.created, user.role_changed, api_key.revoked, auth.signed_in, … */
  action: z.string(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  /** The acting user's or API key's name when it still exists. */
  actorName: z.string().nullable(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  data: z.unknown(),
  createdAt: z.iso.datetime(),
});
export type TAuditEntry = z.infer<typeof ZAuditEntrySchema>;

export const ZAuditPageSchema = z.object({
  data: z.array(ZAuditEntrySchema),
  /** Pass as `cursor` to get the next (older) page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type TAuditPage = z.infer<typeof ZAuditPageSchema>;

export const ZAuditQuerySchema = z.strictObject({
  cursor: z.string().max(200).optional().describe("`nextCursor` of the previous page"),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  action: z.string().max(100).optional().describe("Only this action, or a prefix ending in `.` (e.g. `user.`)"),
  targetId: z.string().max(64).optional(),
});
export type TAuditQuery = z.infer<typeof ZAuditQuerySchema>;
