import "server-only";
import type { Call } from "@prisma/client";
import type { Principal } from "@/lib/auth/principal";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";

/** The call, scoped to the principal's workspace (another workspace's call is NOT_FOUND), and the acting user. */
export async function loadAgentCall(principal: Principal, callId: string): Promise<{ call: Call; userId: string }> {
  if (!principal.userId) throw new AppError("FORBIDDEN", { userMessage: "Calls are handled by users, not API keys." });
  const db = await getDb();
  const call = await db.call.findFirst({ where: { id: callId, workspaceId: principal.workspaceId } });
  if (!call) throw new AppError("NOT_FOUND", { userMessage: "No such call." });
  return { call, userId: principal.userId };
}

/** Owner-only actions (hold, transfer…): the agent on the call, or a supervisor/admin. */
export function assertCallOwner(principal: Principal, call: Call, userId: string): void {
  if (call.agentId === userId || principal.role === "admin" || principal.role === "supervisor") return;
  throw new AppError("FORBIDDEN", { userMessage: "This is not your call." });
}
