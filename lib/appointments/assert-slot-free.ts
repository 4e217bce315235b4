import "server-only";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { availabilityByAgent, busyTimes } from "./availability.queries";
import { availableSlots, ZAvailabilitySchema, type TFreeSlot } from "./slots";

const MINUTE = 60_000;

/**
 * The free slot of `agentId` that starts at `startsAt`, or CONFLICT (slot_taken) when it is booked
 * and INVALID_INPUT when the agent's hours do not offer it at all. A check, not a lock: the unique
 * index decides races (book-appointment.ts).
 *
 * Slots sit on a grid that starts at each working interval's start, so only the day around
 * `startsAt` is generated (not every slot from now on); notice and horizon are checked against now.
 */
export async function assertSlotFree(o: {
  workspaceId: string;
  agentId: string;
  startsAt: Date;
  now: Date;
  excludeAppointmentId?: string;
}): Promise<TFreeSlot> {
  const db = await getDb();
  const hours = (await availabilityByAgent(db, o.workspaceId, [o.agentId])).get(o.agentId);
  if (!hours) throw new AppError("INVALID_STATE", { userMessage: "This agent has no working hours set." });
  const a = ZAvailabilitySchema.parse(hours);
  const wanted = o.startsAt.getTime();
  const notOffered = () =>
    new AppError("INVALID_INPUT", {
      userMessage: "startsAt: not a free slot of this agent's working hours.",
      details: [{ field: "startsAt", message: "Not an offered slot" }],
    });
  if (
    wanted < o.now.getTime() + a.minNoticeMinutes * MINUTE ||
    wanted > o.now.getTime() + a.horizonDays * 24 * 60 * MINUTE
  )
    throw notOffered();
  const around = { ...a, minNoticeMinutes: 0, horizonDays: 2 };
  const from = new Date(wanted - 26 * 60 * MINUTE);
  const onGrid = availableSlots({ availability: around, booked: [], from, count: 2000 }).some(
    (s) => s.startsAt.getTime() === wanted,
  );
  if (!onGrid) throw notOffered();
  const busy = (await busyTimes(db, [o.agentId], o.now, o.excludeAppointmentId)).get(o.agentId) ?? [];
  const free = availableSlots({ availability: around, booked: busy, from, count: 2000 }).find(
    (s) => s.startsAt.getTime() === wanted,
  );
  if (!free)
    throw new AppError("CONFLICT", {
      userMessage: "That slot was just taken; pick another one.",
      details: { reason: "slot_taken" },
    });
  return free;
}
