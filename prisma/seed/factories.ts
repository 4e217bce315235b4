import { randomBytes } from "node:crypto";
import type { ApiKey, Prisma, Role, User, Workspace } from "@prisma/client";
import {
  displayPrefix,
  generateApiKey,
  hashApiKey,
  looksLikeApiKey,
  type ApiKeyScope,
} from "@/lib/auth/api-key-format";
import { hashPassword } from "@/lib/auth/password";
import { getDb, type Db } from "@/lib/core/db";

/**
 * Test and demo data builders, shared by the demo seed, integration tests and the e2e setup.
 * Each takes an optional `db` (a client or a transaction); without it the process database is used.
 */
type Client = Db | Prisma.TransactionClient;

const uniq = () => randomBytes(4).toString("hex");

export interface SeedWorkspaceOptions {
  db?: Client;
  name?: string;
  slug?: string;
}

export async function seedWorkspace(options: SeedWorkspaceOptions = {}): Promise<Workspace> {
  const db = options.db ?? (await getDb());
  const name = options.name ?? `Workspace ${uniq()}`;
  const slug =
    options.slug ??
    `${name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")}-${uniq()}`;
  return db.workspace.create({ data: { name, slug } });
}

export interface SeedUserOptions {
  db?: Client;
  /** Creates a fresh workspace when absent. */
  workspaceId?: string;
  role?: Role;
  email?: string;
  name?: string;
  /** Plain password to hash; null for a user who cannot sign in with a password. Default "password123". */
  password?: string | null;
  /** A ready hash (skips the slow hashing when seeding many users with one password). */
  passwordHash?: string;
  presence?: "online" | "away" | "offline";
  capacity?: number;
  disabled?: boolean;
}

export type SeededUser = User & { password: string | null };

export async function seedUser(options: SeedUserOptions = {}): Promise<SeededUser> {
  const db = options.db ?? (await getDb());
  const workspaceId = options.workspaceId ?? (await seedWorkspace({ db })).id;
  const role = options.role ?? "agent";
  const password = options.password === undefined ? "password123" : options.password;
  const passwordHash = options.passwordHash ?? (password === null ? null : await hashPassword(password));
  const email = (options.email ?? `${role}-${uniq()}@example.test`).toLowerCase();
  const user = await db.user.create({
    data: {
      workspaceId,
      email,
      name: options.name ?? `${role[0].toUpperCase()}${role.slice(1)} ${email.split("@")[0]}`,
      role,
      passwordHash,
      presence: options.presence ?? "offline",
      capacity: options.capacity,
      disabledAt: options.disabled ? new Date() : null,
    },
  });
  return { ...user, password };
}

export interface SeedApiKeyOptions {
  db?: Client;
  workspaceId: string;
  createdById?: string | null;
  name?: string;
  scopes?: ApiKeyScope[];
  role?: Role;
  /** Exact key value (e.g. SEED_API_KEY); generated when absent. */
  key?: string;
  revoked?: boolean;
}

/** Stores only the hash and the display prefix; the full key is returned once, to the caller. */
export async function seedApiKey(options: SeedApiKeyOptions): Promise<{ apiKey: ApiKey; key: string }> {
  const db = options.db ?? (await getDb());
  const key = options.key ?? generateApiKey();
  if (!looksLikeApiKey(key)) {
    throw new Error("An API key must start with wcc_ and be 24–200 characters long (e.g. SEED_API_KEY).");
  }
  const apiKey = await db.apiKey.create({
    data: {
      workspaceId: options.workspaceId,
      name: options.name ?? `Key ${uniq()}`,
      prefix: displayPrefix(key),
      hash: hashApiKey(key),
      scopes: options.scopes ?? ["read", "write", "admin"],
      role: options.role ?? "admin",
      createdById: options.createdById ?? null,
      revokedAt: options.revoked ? new Date() : null,
    },
  });
  return { apiKey, key };
}
