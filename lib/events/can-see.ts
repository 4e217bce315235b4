import type { Principal } from "@/lib/auth/principal";
import type { StoredEvent } from "./events";

/**
 * Decides, per caller, whether an event may be revealed. The workspace must match; then a null
 * audience means everyone in it, otherwise the caller must be a listed user or hold a listed role.
 * `users` only matches signed-in users: an API key is not the person who created it.
 */
export function canSee(
  principal: Pick<Principal, "kind" | "userId" | "workspaceId" | "role">,
  event: Pick<StoredEvent, "workspaceId" | "audience">,
): boolean {
  if (principal.workspaceId !== event.workspaceId) return false;
  const audience = event.audience;
  if (!audience) return true;
  if (principal.kind === "user" && principal.userId && audience.users?.includes(principal.userId))
    return true;
  if (audience.roles?.includes(principal.role)) return true;
  return false;
}
