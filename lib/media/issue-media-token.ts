import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { env } from "@/lib/core/env";
import type { TIssueMediaToken, TMediaTokenResponse } from "./media-token.schema";
import { mintMediaToken } from "./token";

export interface IssueMediaTokenOptions extends TIssueMediaToken {
  principal: Principal;
  ttlSec?: number;
}

/**
 * Mints the short-lived socket.io token a browser presents to the media-server. It carries the
 * user's current role (re-read from the database by getPrincipal), so the media-server applies the
 * same permission table without a database of its own.
 *
 * Without `callId` the token opens a socket for the user that joins no call (the softphone's
 * standing connection). With `callId` it joins that call's media, so it is only for a user web has
 * let in: the call's agent, or an agent with an open leg (accepted transfer, invited participant).
 */
export async function issueMediaToken({ principal, callId, ttlSec = 60 }: IssueMediaTokenOptions): Promise<TMediaTokenResponse> {
  // API keys created by a since-deleted admin have no user to put in the token.
  if (!principal.userId) throw new AppError("FORBIDDEN", { userMessage: "Media tokens are issued to users only." });
  if (callId) {
    const db = await getDb();
    const call = await db.call.findFirst({ where: { id: callId, workspaceId: principal.workspaceId }, select: { id: true, agentId: true } });
    if (!call) throw new AppError("NOT_FOUND", { userMessage: "No such call." });
    const userId = principal.userId;
    const onCall =
      call.agentId === userId ||
      (await db.callLeg.findFirst({ where: { callId, kind: "agent", userId, leftAt: null }, select: { id: true } })) !== null;
    if (!onCall) throw new AppError("FORBIDDEN", { userMessage: "You are not on this call." });
  }
  const e = env();
  const { token, claims } = mintMediaToken(
    { userId: principal.userId, workspaceId: principal.workspaceId, role: principal.role, callId, ttlSec },
    e.mediaServerSecret,
  );
  return { token, url: e.mediaServerPublicUrl, expiresAt: new Date(claims.exp * 1000).toISOString() };
}
