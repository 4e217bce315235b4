import "server-only";
import { safeEqual } from "@/lib/core/crypto";
import { getDb } from "@/lib/core/db";
import { appointmentIcsEvent } from "./appointment-ics";
import { APPOINTMENT_INCLUDE } from "./appointment.mapper";
import { buildIcsFeed } from "./ics";

/**
 * The agent's private subscribable calendar: appointments from 30 days back on (cancelled ones
 * included with STATUS:CANCELLED so subscribed calendars drop them). null for an unknown token —
 * the route answers 404 without saying whether the token ever existed.
 */
export async function buildAgentFeed(o: { token: string; now?: Date }): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(o.token)) return null;
  const db = await getDb();
  const row = await db.agentAvailability.findUnique({
    where: { feedToken: o.token },
    select: { userId: true, workspaceId: true, feedToken: true },
  });
  // The lookup is by unique index; the constant-time compare guards against collation surprises.
  if (!row || !safeEqual(row.feedToken, o.token)) return null;
  const now = o.now ?? new Date();
  const user = await db.user.findUnique({ where: { id: row.userId }, select: { name: true } });
  const appointments = await db.appointment.findMany({
    where: {
      agentId: row.userId,
      workspaceId: row.workspaceId,
      startsAt: { gte: new Date(now.getTime() - 30 * 86_400_000) },
    },
    include: APPOINTMENT_INCLUDE,
    orderBy: { startsAt: "asc" },
    take: 2000,
  });
  return buildIcsFeed({
    name: `Appointments — ${user?.name ?? "agent"}`,
    events: appointments.map(appointmentIcsEvent),
    now,
  });
}
