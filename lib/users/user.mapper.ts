import type { User } from "@prisma/client";
import type { TUser } from "./user.schema";

export type UserRow = Pick<User, "id" | "email" | "name" | "role" | "presence" | "capacity" | "frappeUser" | "disabledAt" | "lastLoginAt" | "createdAt">;

/** Columns toUserDTO needs (use as `select`). Never the password hash. */
export const USER_DTO_SELECT = {
  id: true,
  email: true,
  name: true,
  role: true,
  presence: true,
  capacity: true,
  frappeUser: true,
  disabledAt: true,
  lastLoginAt: true,
  createdAt: true,
} as const;

export function toUserDTO(row: UserRow): TUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    presence: row.presence,
    capacity: row.capacity,
    frappeUser: row.frappeUser,
    disabled: row.disabledAt !== null,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
