import { ZMessageDtoSchema, ZMessageIdParamsSchema } from "@/lib/messages/message.schema";
import { defineApiRoute } from "../openapi";

export const retryMessageRoute = defineApiRoute({ method: "POST", path: "/api/v1/messages/{id}/retry", summary: "Resend a failed outbound message", tags: ["conversations"], permission: "inbox:use", params: ZMessageIdParamsSchema, response: ZMessageDtoSchema, errors: [409] });
