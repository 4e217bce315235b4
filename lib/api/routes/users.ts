import { ZCreateUserSchema, ZUpdateUserSchema, ZUserIdParamsSchema, ZUserListSchema, ZUserSchema } from "@/lib/users/user.schema";
import { defineApiRoute } from "../openapi";

const tags = ["users"];
export const listUsersRoute = defineApiRoute({ method: "GET", path: "/api/v1/users", summary: "List the workspace's users", tags, permission: "users:read", response: ZUserListSchema });
export const createUserRoute = defineApiRoute({ method: "POST", path: "/api/v1/users", summary: "Create a user with a password", tags, permission: "users:manage", scope: "admin", body: ZCreateUserSchema, response: ZUserSchema, status: 201, errors: [409] });
export const getUserRoute = defineApiRoute({ method: "GET", path: "/api/v1/users/{id}", summary: "One user", tags, permission: "users:read", params: ZUserIdParamsSchema, response: ZUserSchema });
export const updateUserRoute = defineApiRoute({ method: "PATCH", path: "/api/v1/users/{id}", summary: "Change name, role, capacity or disable/enable (the last active admin stays)", tags, permission: "users:manage", scope: "admin", params: ZUserIdParamsSchema, body: ZUpdateUserSchema, response: ZUserSchema, errors: [409] });
