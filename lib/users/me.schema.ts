import { z } from "zod";
import { ZPresenceSchema, ZRoleSchema } from "./user.schema";

/** The caller: a signed-in user, or an API key (then `id` is the key's creator or null). */
export const ZMeSchema = z.object({
  id: z.string().nullable(),
  workspaceId: z.string(),
  role: ZRoleSchema,
  name: z.string(),
  email: z.string().nullable(),
  kind: z.enum(["user", "api_key"]),
  /** Null for API keys. */
  presence: ZPresenceSchema.nullable(),
});
export type TMe = z.infer<typeof ZMeSchema>;

export const ZUpdateMeSchema = z.strictObject({
  presence: ZPresenceSchema.optional(),
  name: z.string().trim().min(1).max(120).optional(),
});
export type TUpdateMe = z.infer<typeof ZUpdateMeSchema>;
