import { checkHealth } from "@/lib/api/check-health";
import { respond } from "@/lib/api/respond";
import { healthRoute } from "@/lib/api/routes/system";
import { route } from "@/lib/core/route";

export const dynamic = "force-dynamic";

export const GET = route(healthRoute, async () => {
  const { body, httpStatus } = await checkHealth();
  return respond(healthRoute, body, httpStatus);
});
