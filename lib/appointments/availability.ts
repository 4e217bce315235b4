import "server-only";
import type { Prisma } from "@prisma/client";
import type { Actor } from "@/lib/api/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Principal } from "@/lib/auth/principal";
import { can } from "@/lib/auth/roles";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import type { TAvailabilityDto, TAvailabilityInput } from "./appointment.schema";
import { feedUrl, newFeedToken } from "./availability.queries";
import { ZAvailabilitySchema } from "./slots";

/** Whose availability: one's own; an admin (appointments:manage) may name another user of the workspace. */
async function targetUser(principal: Principal, userId: string | undefined): Promise<string> {
  const id = userId ?? principal.userId;
  if (!id)
    throw new AppError("INVALID_INPUT", {
      userMessage: "userId is required for API keys.",
      details: [{ field: "userId", message: "Required" }],
    });
  if (id !== principal.userId && !can(principal.role, "appointments:manage"))
    throw new AppError("FORBIDDEN", { userMessage: "You can change your own availability only." });
  const db = await getDb();
  if (!(await db.user.findFirst({ where: { id, workspaceId: principal.workspaceId }, select: { id: true } })))
    throw new AppError("NOT_FOUND", { userMessage: "User not found." });
  return id;
}

/** Makes sure the agent has a row (and so a feed token) and returns it. */
async function ensureRow(tx: Prisma.TransactionClient, workspaceId: string, userId: string) {
  const existing = await tx.agentAvailability.findUnique({ where: { userId } });
  if (existing) return existing;
  await tx.agentAvailability.createMany({
    data: [{ userId, workspaceId, config: {}, feedToken: newFeedToken() }],
    skipDuplicates: true,
  });
  return tx.agentAvailability.findUniqueOrThrow({ where: { userId } });
}

function toDto(row: {
  userId: string;
  config: unknown;
  feedToken: string;
  updatedAt: Date;
}): TAvailabilityDto {
  const parsed = ZAvailabilitySchema.safeParse(row.config);
  const availability = parsed.success ? (({ agentId: _a, ...rest }) => rest)(parsed.data) : null;
  return {
    userId: row.userId,
    availability,
    feedUrl: feedUrl(row.feedToken),
    updatedAt: parsed.success ? row.updatedAt.toISOString() : null,
  };
}

export async function getAvailability(o: {
  principal: Principal;
  userId?: string;
}): Promise<TAvailabilityDto> {
  const userId = await targetUser(o.principal, o.userId);
  const db = await getDb();
  return toDto(await db.$transaction((tx) => ensureRow(tx, o.principal.workspaceId, userId)));
}

export async function updateAvailability(o: {
  principal: Principal;
  userId?: string;
  availability: TAvailabilityInput;
  actor: Actor;
}): Promise<TAvailabilityDto> {
  const userId = await targetUser(o.principal, o.userId);
  const config = ZAvailabilitySchema.omit({ agentId: true }).parse(o.availability);
  const db = await getDb();
  const row = await db.$transaction(async (tx) => {
    await ensureRow(tx, o.principal.workspaceId, userId);
    const r = await tx.agentAvailability.update({
      where: { userId },
      data: { config: config as Prisma.InputJsonValue },
    });
    await recordAudit({
      tx,
      workspaceId: o.principal.workspaceId,
      actorId: o.actor.id,
      actorType: o.actor.type,
      ip: o.actor.ip,
      action: "availability.updated",
      targetType: "user",
      targetId: userId,
    });
    return r;
  });
  return toDto(row);
}

/** A new secret for the feed URL: the old URL stops working at once. */
export async function rotateFeedToken(o: {
  principal: Principal;
  userId?: string;
  actor: Actor;
}): Promise<TAvailabilityDto> {
  const userId = await targetUser(o.principal, o.userId);
  const db = await getDb();
  const row = await db.$transaction(async (tx) => {
    await ensureRow(tx, o.principal.workspaceId, userId);
    const r = await tx.agentAvailability.update({ where: { userId }, data: { feedToken: newFeedToken() } });
    await recordAudit({
      tx,
      workspaceId: o.principal.workspaceId,
      actorId: o.actor.id,
      actorType: o.actor.type,
      ip: o.actor.ip,
      action: "availability.feed_rotated",
      targetType: "user",
      targetId: userId,
    });
    return r;
  });
  return toDto(row);
}
