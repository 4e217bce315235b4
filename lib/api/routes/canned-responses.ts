import { ZCannedResponseIdParamsSchema, ZCannedResponseListSchema, ZCannedResponseSchema, ZCreateCannedResponseSchema } from "@/lib/templates/canned-response.schema";
import { z } from "zod";
import { defineApiRoute } from "../openapi";

const tags = ["canned-responses"];
export const listCannedResponsesRoute = defineApiRoute({ method: "GET", path: "/api/v1/canned-responses", summary: "Saved replies (`/shortcut` in the composer)", tags, permission: "inbox:use", response: ZCannedResponseListSchema });
export const createCannedResponseRoute = defineApiRoute({ method: "POST", path: "/api/v1/canned-responses", summary: "Add a saved reply", tags, permission: "settings:manage", scope: "admin", body: ZCreateCannedResponseSchema, response: ZCannedResponseSchema, status: 201, errors: [409] });
export const deleteCannedResponseRoute = defineApiRoute({ method: "DELETE", path: "/api/v1/canned-responses/{id}", summary: "Delete a saved reply", tags, permission: "settings:manage", scope: "admin", params: ZCannedResponseIdParamsSchema, response: z.object({ ok: z.literal(true) }) });
