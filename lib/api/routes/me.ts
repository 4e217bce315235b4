import { ZMeSchema, ZUpdateMeSchema } from "@/lib/users/me.schema";
import { defineApiRoute } from "../openapi";

export const getMeRoute = defineApiRoute({ method: "GET", path: "/api/v1/me", summary: "The caller (user or API key)", tags: ["me"], response: ZMeSchema });
export const updateMeRoute = defineApiRoute({ method: "PATCH", path: "/api/v1/me", summary: "Set own presence or name (signed-in users only)", tags: ["me"], body: ZUpdateMeSchema, response: ZMeSchema });
