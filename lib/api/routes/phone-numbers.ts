import {
  ZCreatePhoneNumberSchema,
  ZPhoneNumberConnectionSchema,
  ZPhoneNumberIdParamsSchema,
  ZPhoneNumberListSchema,
  ZPhoneNumberSchema,
  ZUpdatePhoneNumberSchema,
} from "@/lib/phone-numbers/phone-number.schema";
import { defineApiRoute } from "../openapi";

const tags = ["phone-numbers"];
const admin = { tags, permission: "settings:manage", scope: "admin" } as const;
export const listPhoneNumbersRoute = defineApiRoute({ method: "GET", path: "/api/v1/phone-numbers", summary: "List the workspace's WhatsApp numbers (tokens never included)", ...admin, response: ZPhoneNumberListSchema });
export const createPhoneNumberRoute = defineApiRoute({ method: "POST", path: "/api/v1/phone-numbers", summary: "Connect a WhatsApp number; its access token is stored encrypted", ...admin, body: ZCreatePhoneNumberSchema, response: ZPhoneNumberSchema, status: 201, errors: [409] });
export const updatePhoneNumberRoute = defineApiRoute({ method: "PATCH", path: "/api/v1/phone-numbers/{id}", summary: "Edit a WhatsApp number (accessToken null: use the environment's)", ...admin, params: ZPhoneNumberIdParamsSchema, body: ZUpdatePhoneNumberSchema, response: ZPhoneNumberSchema });
export const deletePhoneNumberRoute = defineApiRoute({ method: "DELETE", path: "/api/v1/phone-numbers/{id}", summary: "Disconnect a WhatsApp number (conversations are kept)", ...admin, params: ZPhoneNumberIdParamsSchema, response: ZPhoneNumberSchema });
export const testPhoneNumberRoute = defineApiRoute({ method: "POST", path: "/api/v1/phone-numbers/{id}/test", summary: "Test connection: Graph GET /{phone-number-id} with the number's token; Meta's error text on failure", ...admin, params: ZPhoneNumberIdParamsSchema, response: ZPhoneNumberConnectionSchema });
