import { AppError } from "../../../lib/core/app-error";
import { can, type Permission } from "../../../lib/auth/roles";
import type { SocketPrincipal } from "./contract";

/** The role check every socket event goes through (same table as pages and routes: lib/auth/roles.ts). */
export function authorizeSocket(principal: SocketPrincipal | undefined, permission: Permission): SocketPrincipal {
  if (!principal) throw new AppError("UNAUTHENTICATED");
  if (!can(principal.role, permission)) {
    throw new AppError("FORBIDDEN", { message: `role ${principal.role} lacks ${permission}` });
  }
  return principal;
}
