import { z } from "zod";
import { API_KEY_SCOPES } from "@/lib/auth/api-key-format";
import { ROLES } from "@/lib/auth/roles";

/** API keys: DTOs and inputs (safe to import from client code). The full key is never in a DTO. */
export const ZApiKeyScopeSchema = z.enum(API_KEY_SCOPES);

export const ZApiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The first characters of the key, to tell keys apart. */
  prefix: z.string(),
  scopes: z.array(ZApiKeyScopeSchema),
  role: z.enum(ROLES),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  expiresAt: z.iso.datetime().nullable(),
});
export type TApiKey = z.infer<typeof ZApiKeySchema>;

export const ZApiKeyListSchema = z.object({ data: z.array(ZApiKeySchema) });

export const ZCreateApiKeySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  /** "admin" implies "write", which implies "read"; the stored key carries the implied scopes too. */
  scopes: z.array(ZApiKeyScopeSchema).min(1).max(API_KEY_SCOPES.length),
  /** ISO 8601 date-time in the future; omit for a key that does not expire. */
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});
export type TCreateApiKey = z.infer<typeof ZCreateApiKeySchema>;

export const ZCreatedApiKeySchema = z.object({
  apiKey: ZApiKeySchema,
  /** The full key. Shown only in this response: it is stored as a SHA-256 hash. */
  key: z.string(),
});
export type TCreatedApiKey = z.infer<typeof ZCreatedApiKeySchema>;

export const ZApiKeyIdParamsSchema = z.strictObject({ id: z.string().min(1).max(64) });
