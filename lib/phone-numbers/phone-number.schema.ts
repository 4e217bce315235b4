import { z } from "zod";

/**
 * WhatsApp numbers connected to a workspace: DTOs and inputs (safe to import from client code).
 * The access token is write-only: a DTO says whether one is set and its last 4 characters, never
 * the token itself (it is stored AES-256-GCM encrypted, lib/core/crypto.ts).
 */
const digits = (what: string) => z.string().trim().regex(/^\d{5,20}$/, `${what}: digits only (Meta's numeric id)`);

export const ZPhoneNumberSchema = z.object({
  id: z.string(),
  /** Meta's phone_number_id (the webhook's metadata.phone_number_id). */
  phoneNumberId: z.string(),
  wabaId: z.string().nullable(),
  displayPhone: z.string(),
  verifiedName: z.string().nullable(),
  /** Whether this number has its own token; false → the environment's token is used. */
  tokenSet: z.boolean(),
  /** Last 4 characters of the token, to tell tokens apart; null when none is set. */
  tokenLast4: z.string().nullable(),
  callingEnabled: z.boolean(),
  botEnabled: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TPhoneNumber = z.infer<typeof ZPhoneNumberSchema>;

export const ZPhoneNumberListSchema = z.object({ data: z.array(ZPhoneNumberSchema) });
export type TPhoneNumberList = z.infer<typeof ZPhoneNumberListSchema>;

const accessToken = z.string().trim().min(8, "accessToken: too short to be a Graph API token").max(1024);

export const ZCreatePhoneNumberSchema = z.strictObject({
  phoneNumberId: digits("phoneNumberId"),
  wabaId: digits("wabaId").optional(),
  /** As people read it, e.g. "+91 98765 43210". */
  displayPhone: z.string().trim().min(3).max(32),
  verifiedName: z.string().trim().min(1).max(200).optional(),
  /** Omit to use the environment's WHATSAPP_ACCESS_TOKEN (or the sandbox's). */
  accessToken: accessToken.optional(),
  callingEnabled: z.boolean().default(true),
  botEnabled: z.boolean().default(true),
});
export type TCreatePhoneNumber = z.infer<typeof ZCreatePhoneNumberSchema>;

export const WABA_ID_PATTERN = /^\d{5,20}$/;

export const ZUpdatePhoneNumberSchema = z.strictObject({
  /** Digits only (Meta's numeric id); checked after the number is found, so another workspace's id is a 404 first. */
  wabaId: z.string().trim().min(1).max(32).nullable().optional(),
  displayPhone: z.string().trim().min(3).max(32).optional(),
  verifiedName: z.string().trim().min(1).max(200).nullable().optional(),
  /** A new token replaces the stored one; null removes it (back to the environment's token). */
  accessToken: accessToken.nullable().optional(),
  callingEnabled: z.boolean().optional(),
  botEnabled: z.boolean().optional(),
});
export type TUpdatePhoneNumber = z.infer<typeof ZUpdatePhoneNumberSchema>;

export const ZPhoneNumberIdParamsSchema = z.strictObject({ id: z.string().min(1).max(64) });

/** "Test connection": Graph `GET /{phone-number-id}` with the number's token. */
export const ZPhoneNumberConnectionSchema = z.object({
  ok: z.boolean(),
  /** What Meta reports for the number when the call succeeded. */
  verifiedName: z.string().nullable(),
  displayPhone: z.string().nullable(),
  qualityRating: z.string().nullable(),
  /** Meta's own error code and text when it failed (e.g. 190 "Error validating access token: …"). */
  error: z.object({ code: z.number().int(), cause: z.string(), message: z.string() }).nullable(),
});
export type TPhoneNumberConnection = z.infer<typeof ZPhoneNumberConnectionSchema>;
