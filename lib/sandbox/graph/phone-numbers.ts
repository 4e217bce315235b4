import type { SandboxContext } from "../context";
import type { RouteContext } from "../http";
import { sendJson } from "../http";

/** `GET /{phone-number-id}` (reference §9.1): the business number's profile. */
export function getPhoneNumber(sb: SandboxContext, ctx: RouteContext): void {
  const o = sb.store.options;
  sendJson(ctx.res, 200, {
    verified_name: o.verifiedName,
    code_verification_status: "VERIFIED",
    display_phone_number: `+${o.displayPhoneNumber}`,
    quality_rating: "GREEN",
    platform_type: "CLOUD_API",
    throughput: { level: "STANDARD" },
    id: o.phoneNumberId,
  });
}
