import { randomBytes } from "node:crypto";
import type { ApiKey, Role, User, Workspace } from "@prisma/client";
import { displayPrefix, generateApiKey, hashApiKey, type ApiKeyScope } from "@/lib/auth/api-key-format";
import { hashPassword } from "@/lib/auth/password";
import type { Db } from "@/lib/core/db";

/**
 * Small data factories for integration tests (the demo seed has its own in prisma/seed). Rows go
 * straight into the database, with the same hashing the app uses for passwords and API keys.
 */
const uniq = () => randomBytes(4).toString("hex");

export async function seedWorkspace(db: Db, overrides: Partial<Pick<Workspace, "name" | "slug">> = {}): Promise<Workspace> {
  const id = uniq();
  return db.workspace.create({ data: { name: overrides.name ?? `Workspace ${id}`, slug: overrides.slug ?? `ws-${id}` } });
}

export interface SeedUserOptions {
  workspaceId: string;
  role?: Role;
  email?: string;
  name?: string;
  /** Hashed with argon2 like a real account; omit for a user without a password (faster). */
  password?: string;
  disabled?: boolean;
}

export async function seedUser(db: Db, o: SeedUserOptions): Promise<User> {
  const id = uniq();
  const role = o.role ?? "agent";
  return db.user.create({
    data: {
      workspaceId: o.workspaceId,
      role,
      email: o.email ?? `${role}-${id}@example.test`,
      name: o.name ?? `${role[0].toUpperCase()}${role.slice(1)} ${id}`,
      passwordHash: o.password ? await hashPassword(o.password) : null,
      disabledAt: o.disabled ? new Date() : null,
    },
  });
}

export interface SeedApiKeyOptions {
  workspaceId: string;
  scopes?: ApiKeyScope[];
  name?: string;
  createdById?: string | null;
  revokedAt?: Date | null;
  expiresAt?: Date | null;
}

/** Returns the row and the full key (to send as `Authorization: Bearer <key>`). */
export async function seedApiKey(db: Db, o: SeedApiKeyOptions): Promise<{ row: ApiKey; key: string }> {
  const key = generateApiKey();
  const row = await db.apiKey.create({
    data: {
      workspaceId: o.workspaceId,
      name: o.name ?? `Key ${uniq()}`,
      prefix: displayPrefix(key),
      hash: hashApiKey(key),
      scopes: o.scopes ?? ["read", "write", "admin"],
      role: "admin",
      createdById: o.createdById ?? null,
      revokedAt: o.revokedAt ?? null,
      expiresAt: o.expiresAt ?? null,
    },
  });
  return { row, key };
}

export function bearer(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}
