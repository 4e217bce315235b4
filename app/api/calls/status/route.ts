import { getCallingStatus } from "@/lib/calls/get-calling-status";
import { route } from "@/lib/core/route";

export const dynamic = "force-dynamic";

/** GET /api/calls/status → { available, reason } (the softphone shows calling unavailable). */
export const GET = route({ permission: "calls:use" }, async ({ principal }) => getCallingStatus({ workspaceId: principal.workspaceId }));
