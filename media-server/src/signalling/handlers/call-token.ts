import { AppError } from "../../../../lib/core/app-error";
import { verifyMediaToken } from "../../../../lib/media/token";
import type { SocketPrincipal } from "../contract";
import type { SignallingContext } from "./handler";

/**
 * The claims of a call token presented on an open socket (joinCall `token`), checked like a
 * handshake token: signature, expiry — and the socket's own user, so a token minted for someone
 * else cannot ride on this socket.
 */
export function principalOfCallToken(token: string, ctx: Pick<SignallingContext, "principal" | "secret">): SocketPrincipal {
  const check = verifyMediaToken(token, ctx.secret);
  if (!check.ok) {
    throw new AppError("UNAUTHENTICATED", {
      message: `call token ${check.reason}`,
      userMessage: check.reason === "expired" ? "The call token expired." : "The call token is invalid.",
    });
  }
  const c = check.claims;
  if (c.userId !== ctx.principal.userId || c.workspaceId !== ctx.principal.workspaceId) {
    throw new AppError("FORBIDDEN", { message: `call token of user ${c.userId} on a socket of ${ctx.principal.userId}`, userMessage: "This token is not yours." });
  }
  return { userId: c.userId, workspaceId: c.workspaceId, role: c.role, ...(c.callId ? { callId: c.callId } : {}), jti: c.jti, tokenExp: c.exp };
}
