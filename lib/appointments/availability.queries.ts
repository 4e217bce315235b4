import "server-only";
import { randomBytes } from "node:crypto";
import type { Prisma } from "@prisma/client";
import { env } from "@/lib/core/env";
import { ZAvailabilitySchema, type TAvailability } from "./slots";

type Tx = Prisma.TransactionClient;

/** 32 random bytes, base64url: the secret of an agent's ICS feed URL. */
export function newFeedToken(): string {
  return randomBytes(32).toString("base64url");
}

export function feedUrl(token: string): string {
  return `${env().appUrl}/api/ics/${token}`;
}

/** The stored working hours of an agent, or null when none (or unreadable). */
export function parseAvailabilityConfig(config: unknown, agentId: string): TAvailability | null {
  const parsed = ZAvailabilitySchema.safeParse({
    ...(config && typeof config === "object" ? config : {}),
    agentId,
  });
  return parsed.success ? parsed.data : null;
}

/** Every agent of the workspace with working hours, keyed by user id. */
export async function availabilityByAgent(
  db: Tx,
  workspaceId: string,
  agentIds?: readonly string[],
): Promise<Map<string, TAvailability>> {
  const rows = await db.agentAvailability.findMany({
    where: { workspaceId, ...(agentIds ? { userId: { in: [...agentIds] } } : {}) },
    select: { userId: true, config: true },
  });
  const out = new Map<string, TAvailability>();
  for (const r of rows) {
    const a = parseAvailabilityConfig(r.config, r.userId);
    if (a) out.set(r.userId, a);
  }
  return out;
}

/** The agent's zone (UTC when no working hours are saved). */
export async function agentTimeZone(db: Tx, userId: string): Promise<string> {
  const row = await db.agentAvailability.findUnique({ where: { userId }, select: { config: true } });
  const tz = (row?.config as { timeZone?: unknown } | undefined)?.timeZone;
  return typeof tz === "string" ? tz : "UTC";
}

/** Active appointments of agents (cancelled / no-show ones do not block a slot). */
export async function busyTimes(
  db: Tx,
  agentIds: readonly string[],
  from: Date,
  excludeId?: string,
): Promise<Map<string, { startsAt: Date; endsAt: Date }[]>> {
  const rows = await db.appointment.findMany({
    where: {
      agentId: { in: [...agentIds] },
      status: { in: ["booked", "rescheduled"] },
      endsAt: { gt: new Date(from.getTime() - 24 * 3600_000) },
      ...(excludeId ? { id: { not: excludeId } } : {}),
    },
    select: { agentId: true, startsAt: true, endsAt: true },
  });
  const out = new Map<string, { startsAt: Date; endsAt: Date }[]>();
  for (const r of rows)
    out.set(r.agentId, [...(out.get(r.agentId) ?? []), { startsAt: r.startsAt, endsAt: r.endsAt }]);
  return out;
}
