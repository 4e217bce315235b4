import { route } from "@/lib/core/route";

export const GET = route({}, async ({ principal }) => ({
  id: principal.userId,
  workspaceId: principal.workspaceId,
  role: principal.role,
  name: principal.name,
  email: principal.email ?? null,
  kind: principal.kind,
}));
