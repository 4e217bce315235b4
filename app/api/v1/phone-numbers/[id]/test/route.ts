import { respond } from "@/lib/api/respond";
import { testPhoneNumberRoute } from "@/lib/api/routes/phone-numbers";
import { route } from "@/lib/core/route";
import { testPhoneNumberConnection } from "@/lib/phone-numbers/test-phone-number-connection";

export const POST = route(testPhoneNumberRoute, async ({ principal, params }) =>
  respond(testPhoneNumberRoute, await testPhoneNumberConnection({ workspaceId: principal.workspaceId, phoneNumberId: params.id })),
);
