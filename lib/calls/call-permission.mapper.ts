import type { CallPermission } from "@prisma/client";
import type { TCallPermissionDto } from "./call.schema";

export function toPermissionDto(p: Pick<CallPermission, "contactId" | "status" | "requestedAt" | "respondedAt" | "expiresAt">): TCallPermissionDto {
  const expired = p.status === "granted" && p.expiresAt !== null && p.expiresAt.getTime() <= Date.now();
  return {
    contactId: p.contactId,
    status: expired ? "expired" : p.status,
    requestedAt: p.requestedAt?.toISOString() ?? null,
    respondedAt: p.respondedAt?.toISOString() ?? null,
    expiresAt: p.expiresAt?.toISOString() ?? null,
  };
}
