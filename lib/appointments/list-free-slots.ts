import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { can } from "@/lib/auth/roles";
import { AppError } from "@/lib/core/app-error";
import { findFreeSlots } from "./find-free-slots";

/** Free slots of one agent's calendar (default: the caller's), for booking from the app. */
export async function listFreeSlots(o: {
  principal: Principal;
  agent?: string;
  count: number;
}): Promise<{ data: { id: string; startsAt: string; endsAt: string; label: string; agentId: string }[] }> {
  const agentId = o.agent ?? o.principal.userId;
  if (!agentId)
    throw new AppError("INVALID_INPUT", {
      userMessage: "agent is required for API keys.",
      details: [{ field: "agent", message: "Required" }],
    });
  if (agentId !== o.principal.userId && !can(o.principal.role, "appointments:manage"))
    throw new AppError("FORBIDDEN");
  const slots = await findFreeSlots({
    workspaceId: o.principal.workspaceId,
    agentId,
    strict: true,
    count: o.count,
  });
  return {
    data: slots.map((s) => ({
      id: s.id,
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
      label: s.label,
      agentId,
    })),
  };
}
