import { ZCallDetailDtoSchema, ZCallDtoSchema, ZCallIdParamsSchema, ZCallListQuerySchema, ZCallPageSchema, ZStartCallSchema } from "@/lib/calls/call.schema";
import { defineApiRoute } from "../openapi";

const tags = ["calls"];
const permission = "calls:use" as const;
export const listCallsRoute = defineApiRoute({ method: "GET", path: "/api/v1/calls", summary: "Call history: filters (status, direction, agent, contact phone), newest first, cursor pagination", tags, permission, query: ZCallListQuerySchema, response: ZCallPageSchema });
export const getCallRoute = defineApiRoute({ method: "GET", path: "/api/v1/calls/{id}", summary: "One call with its event timeline and legs", tags, permission, params: ZCallIdParamsSchema, response: ZCallDetailDtoSchema });
export const startCallRoute = defineApiRoute({
  method: "POST",
  path: "/api/v1/calls",
  summary: "Start an outbound WhatsApp call for an agent",
  description:
    "Checks the contact's call permission first: without one, 409 INVALID_STATE with details.reason NO_PERMISSION and the action that sends a permission request. Meta's refusals (138006, 138012, 138013…) answer 409 INVALID_STATE with details.reason META_REFUSED, Meta's text and details.metaCode (502 for Meta outages). The agent's softphone joins with a media token (POST /api/media/token { callId }).",
  tags,
  permission: "users:read",
  body: ZStartCallSchema,
  response: ZCallDtoSchema,
  status: 201,
  errors: [409, 502, 503],
});
