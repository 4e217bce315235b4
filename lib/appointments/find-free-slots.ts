import "server-only";
import type { Prisma } from "@prisma/client";
import { getDb } from "@/lib/core/db";
import { availabilityByAgent, busyTimes } from "./availability.queries";
import { availableSlots, type TFreeSlot, type TSlotLanguage } from "./slots";

export interface FindFreeSlotsOptions {
  workspaceId: string;
  /** Only this agent (e.g. the contact's assignee); falls back to every agent with hours when they have none. */
  agentId?: string | null;
  /** Strictly this agent, no fallback (the agent's own calendar in the app). */
  strict?: boolean;
  count: number;
  language?: TSlotLanguage;
  now?: Date;
  /** Ignore this appointment's own time (rescheduling it). */
  excludeAppointmentId?: string;
  tx?: Prisma.TransactionClient;
}

/**
 * Free slots of one agent or, merged, of all agents with working hours (earliest first; for the
 * same start time the first agent by id wins, so ids stay stable between turns). Slot ids carry
 * the agent (`<agentId>:<ISO start>`), which is how a booking knows whose calendar to write.
 */
export async function findFreeSlots(o: FindFreeSlotsOptions): Promise<TFreeSlot[]> {
  const db = o.tx ?? (await getDb());
  const now = o.now ?? new Date();
  let hours = await availabilityByAgent(db, o.workspaceId, o.agentId ? [o.agentId] : undefined);
  if (hours.size === 0 && o.agentId && !o.strict) hours = await availabilityByAgent(db, o.workspaceId);
  if (hours.size === 0) return [];
  const agents = [...hours.keys()].sort();
  const active = await db.user.findMany({
    where: { id: { in: agents }, disabledAt: null },
    select: { id: true },
  });
  const activeIds = new Set(active.map((a) => a.id));
  const busy = await busyTimes(db, agents, now, o.excludeAppointmentId);
  const all: TFreeSlot[] = [];
  for (const agentId of agents) {
    if (!activeIds.has(agentId)) continue;
    all.push(
      ...availableSlots({
        availability: hours.get(agentId)!,
        booked: busy.get(agentId) ?? [],
        from: now,
        count: o.count,
        language: o.language,
      }),
    );
  }
  const seen = new Set<number>();
  return all
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id.localeCompare(b.id))
    .filter((s) => (seen.has(s.startsAt.getTime()) ? false : (seen.add(s.startsAt.getTime()), true)))
    .slice(0, o.count);
}
