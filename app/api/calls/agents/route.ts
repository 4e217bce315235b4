import { listCallAgents } from "@/lib/calls/list-call-agents";
import { route } from "@/lib/core/route";

export const dynamic = "force-dynamic";

/** GET /api/calls/agents → { data: [{ id, name, role, presence, busy }] } for transfer and add-participant pickers. */
export const GET = route({ permission: "calls:use" }, async ({ principal }) => listCallAgents({ workspaceId: principal.workspaceId }));
