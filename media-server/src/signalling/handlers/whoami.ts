import type { SignallingHandler } from "./handler";

/** `whoami` — the verified token claims, for the client to confirm who the server thinks it is. */
export const whoami: SignallingHandler<"whoami"> = async (_payload, { principal }) => ({
  userId: principal.userId,
  workspaceId: principal.workspaceId,
  role: principal.role,
  callId: principal.callId ?? null,
});
