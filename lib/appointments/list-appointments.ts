import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { can } from "@/lib/auth/roles";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { availabilityByAgent } from "./availability.queries";
import { APPOINTMENT_INCLUDE, toAppointmentDto } from "./appointment.mapper";
import type { TAppointmentDto, TAppointmentListQuery } from "./appointment.schema";

/**
 * Appointments in a time range (default: from now on), earliest first. Agents see their own;
 * admins and supervisors anyone's (`agent=all` or a user id).
 */
export async function listAppointments(o: {
  principal: Principal;
  query: TAppointmentListQuery;
  now?: Date;
}): Promise<{ data: TAppointmentDto[] }> {
  const db = await getDb();
  const manager = can(o.principal.role, "appointments:manage");
  const requested = o.query.agent ?? (manager ? "all" : "me");
  const agentId = requested === "me" ? o.principal.userId : requested === "all" ? null : requested;
  if (!manager && agentId !== o.principal.userId)
    throw new AppError("FORBIDDEN", { userMessage: "Agents see their own appointments only." });
  const from = o.query.from
    ? new Date(o.query.from)
    : new Date((o.now ?? new Date()).getTime() - 60 * 60_000);
  const rows = await db.appointment.findMany({
    where: {
      workspaceId: o.principal.workspaceId,
      ...(agentId ? { agentId } : {}),
      startsAt: { gte: from, ...(o.query.to ? { lt: new Date(o.query.to) } : {}) },
      ...(o.query.includeCancelled === "true" ? {} : { status: { not: "cancelled" } }),
    },
    include: APPOINTMENT_INCLUDE,
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    take: 500,
  });
  const zones = await availabilityByAgent(db, o.principal.workspaceId, [
    ...new Set(rows.map((r) => r.agentId)),
  ]);
  return { data: rows.map((r) => toAppointmentDto(r, zones.get(r.agentId)?.timeZone ?? "UTC")) };
}
