import { z } from "zod";
import { CALL_STATUSES, END_REASONS } from "./call-state";

/**
 * Call DTOs and inputs (client-safe: no server imports). The DB `Call` row is the truth; these are
 * what the softphone, the calls page, SSE events and the v1 API show.
 */
const id = z.string().min(1).max(64);
const isoDate = z.iso.datetime({ offset: true });

export const ZCallStatusSchema = z.enum(CALL_STATUSES);

export const ZCallErrorSchema = z.object({
  /** Meta's error code (e.g. 138006, 138021) when Meta refused or ended the call. */
  code: z.number().int().nullable(),
  /** Meta's own text (or its documented meaning), safe to show. */
  message: z.string(),
  cause: z.string().nullable(),
});

export const ZCallDtoSchema = z.object({
  id,
  direction: z.enum(["inbound", "outbound"]),
  status: ZCallStatusSchema,
  endReason: z.enum(END_REASONS).nullable(),
  contactId: id,
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  conversationId: z.string().nullable(),
  agentId: z.string().nullable(),
  /** Agents whose softphones ring now (inbound), or the transfer target. */
  ringingAgentIds: z.array(z.string()),
  transferToAgentId: z.string().nullable(),
  startedAt: isoDate,
  answeredAt: isoDate.nullable(),
  endedAt: isoDate.nullable(),
  durationSec: z.number().int().nullable(),
  error: ZCallErrorSchema.nullable(),
});
export type TCallDto = z.infer<typeof ZCallDtoSchema>;

export const ZCallEventDtoSchema = z.object({
  id,
  type: z.string(),
  actorId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  createdAt: isoDate,
});
export const ZCallLegDtoSchema = z.object({
  id,
  kind: z.string(),
  userId: z.string().nullable(),
  joinedAt: isoDate,
  leftAt: isoDate.nullable(),
  endReason: z.string().nullable(),
});
export const ZCallDetailDtoSchema = ZCallDtoSchema.extend({
  events: z.array(ZCallEventDtoSchema),
  legs: z.array(ZCallLegDtoSchema),
});
export type TCallDetailDto = z.infer<typeof ZCallDetailDtoSchema>;

export const ZCallPageSchema = z.object({ data: z.array(ZCallDtoSchema), nextCursor: z.string().nullable() });
export type TCallPage = z.infer<typeof ZCallPageSchema>;

export const ZCallListQuerySchema = z
  .object({
    status: ZCallStatusSchema.optional(),
    direction: z.enum(["inbound", "outbound"]).optional(),
    agentId: id.optional(),
    /** Contact phone, any format; digits are compared. */
    phone: z.string().min(3).max(32).optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type TCallListQuery = z.infer<typeof ZCallListQuerySchema>;

export const ZCallIdParamsSchema = z.object({ id }).strict();

/** `POST /api/v1/calls`: start an outbound call for an agent. */
export const ZStartCallSchema = z.object({ contactId: id, agentId: id }).strict();
/** `POST /api/calls/outbound` (the signed-in agent dials). */
export const ZDialSchema = z.object({ contactId: id }).strict();
export const ZPermissionRequestSchema = z.object({ contactId: id, bodyText: z.string().min(1).max(1024).optional() }).strict();
export const ZDtmfSchema = z.object({ digits: z.string().regex(/^[0-9*#A-D]{1,32}$/, "digits 0-9, *, #, A-D") }).strict();
export const ZTransferSchema = z.object({ toAgentId: id, mode: z.enum(["cold", "warm"]).default("cold") }).strict();
export const ZAddParticipantSchema = z.object({ agentId: id }).strict();

/** What an agent gets to join the call's media room (socket.io `auth.token`). */
export const ZCallJoinSchema = z.object({
  call: ZCallDtoSchema,
  media: z.object({ token: z.string(), url: z.string(), expiresAt: z.string() }),
});
export type TCallJoin = z.infer<typeof ZCallJoinSchema>;

export const ZCallPermissionDtoSchema = z.object({
  contactId: id,
  /** none, requested, granted, denied, expired */
  status: z.string(),
  requestedAt: isoDate.nullable(),
  respondedAt: isoDate.nullable(),
  expiresAt: isoDate.nullable(),
});
export type TCallPermissionDto = z.infer<typeof ZCallPermissionDtoSchema>;

export const ZCallingStatusSchema = z.object({
  available: z.boolean(),
  /** Why calling is unavailable: media_server_unreachable, calling_disabled … */
  reason: z.string().nullable(),
});
export type TCallingStatus = z.infer<typeof ZCallingStatusSchema>;
