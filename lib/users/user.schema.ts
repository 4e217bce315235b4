import { z } from "zod";
import { ROLES } from "@/lib/auth/roles";

/** Users: DTOs and inputs of the users API (safe to import from client code). */
export const PRESENCES = ["online", "away", "offline"] as const;
export const ZRoleSchema = z.enum(ROLES);
export const ZPresenceSchema = z.enum(PRESENCES);

export const ZUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: ZRoleSchema,
  presence: ZPresenceSchema,
  /** Maximum open conversations routed to this user automatically. */
  capacity: z.number().int(),
  /** The Frappe CRM user (email) this person acts as: lead owner, call log caller/receiver. */
  frappeUser: z.string().nullable(),
  disabled: z.boolean(),
  lastLoginAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type TUser = z.infer<typeof ZUserSchema>;

export const ZUserListSchema = z.object({ data: z.array(ZUserSchema) });
export type TUserList = z.infer<typeof ZUserListSchema>;

const ZName = z.string().trim().min(1).max(120);

export const ZCreateUserSchema = z.strictObject({
  email: z.email().max(254),
  name: ZName,
  role: ZRoleSchema,
  password: z.string().min(8, "At least 8 characters").max(256),
});
export type TCreateUser = z.infer<typeof ZCreateUserSchema>;

export const ZUpdateUserSchema = z.strictObject({
  name: ZName.optional(),
  role: ZRoleSchema.optional(),
  capacity: z.number().int().min(0).max(1000).optional(),
  /** Frappe user name (usually the email) to map this user to; null clears it. */
  frappeUser: z.string().trim().min(1).max(140).nullable().optional(),
  disabled: z.boolean().optional(),
});
export type TUpdateUser = z.infer<typeof ZUpdateUserSchema>;

export const ZUserIdParamsSchema = z.strictObject({ id: z.string().min(1).max(64) });
