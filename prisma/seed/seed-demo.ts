import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Role } from "@prisma/client";
import { hashPassword } from "@/lib/auth/password";
import type { Db } from "@/lib/core/db";
import { seedApiKey, seedUser } from "./factories";

export const DEMO_WORKSPACE_SLUG = "demo-sales";
export const DEMO_PASSWORD = "demo1234";
export const DEMO_CREDENTIALS_FILE = "demo-credentials.json";

export interface DemoAccount {
  email: string;
  password: string;
  role: Role;
}

export interface DemoCredentials {
  accounts: DemoAccount[];
  apiKey: string | null;
}

export interface SeedDemoOptions {
  /** Exact admin API key to store (SEED_API_KEY); a random one when absent. */
  apiKey?: string;
  /** Where demo-credentials.json is written (DATA_DIR). */
  dataDir: string;
  /** Turn the bot on and give the agents working hours (the demo does; e2e tests opt in per test). */
  enableBot?: boolean;
}

export interface SeedDemoResult extends DemoCredentials {
  /** False when the demo workspace already existed (nothing was changed). */
  created: boolean;
  workspaceId: string;
}

const USERS: { email: string; name: string; role: Role }[] = [
  { email: "admin@demo.test", name: "Asha Admin", role: "admin" },
  { email: "supervisor@demo.test", name: "Sam Supervisor", role: "supervisor" },
  { email: "agent@demo.test", name: "Arjun Agent", role: "agent" },
  { email: "agent2@demo.test", name: "Ayesha Agent", role: "agent" },
];

/**
 * The demo workspace: "Demo Sales" with one admin, one supervisor, two agents (password demo1234) and
 * an admin API key. Idempotent: when the workspace exists nothing is touched and `created` is false
 * (the key cannot be recovered from its hash; read it from demo-credentials.json).
 */
export async function seedDemo(db: Db, options: SeedDemoOptions): Promise<SeedDemoResult> {
  const existing = await db.workspace.findUnique({ where: { slug: DEMO_WORKSPACE_SLUG } });
  if (existing) {
    const saved = readDemoCredentials(options.dataDir);
    return {
      created: false,
      workspaceId: existing.id,
      accounts: saved?.accounts ?? [],
      apiKey: saved?.apiKey ?? null,
    };
  }

  // Hash once, outside the transaction: argon2 is deliberately slow.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const { workspaceId, key } = await db.$transaction(async (tx) => {
    const ws = await tx.workspace.create({
      data: {
        name: "Demo Sales",
        slug: DEMO_WORKSPACE_SLUG,
        settings: options.enableBot ? { bot: { enabled: true, engine: "auto", businessName: "Demo Sales" } } : {},
      },
    });
    let adminId: string | null = null;
    for (const u of USERS) {
      const user = await seedUser({
        db: tx,
        workspaceId: ws.id,
        ...u,
        password: DEMO_PASSWORD,
        passwordHash,
      });
      if (u.role === "admin" && !adminId) adminId = user.id;
      if (options.enableBot && u.role === "agent") {
        // Bookable Monday–Saturday, 10:00–13:00 and 14:00–18:00 India time, 30-minute slots.
        const weeklyHours = [1, 2, 3, 4, 5, 6].flatMap((weekday) => [
          { weekday, start: "10:00", end: "13:00" },
          { weekday, start: "14:00", end: "18:00" },
        ]);
        await tx.agentAvailability.create({
          data: {
            userId: user.id,
            workspaceId: ws.id,
            feedToken: randomBytes(32).toString("base64url"),
            config: { timeZone: "Asia/Kolkata", weeklyHours, slotMinutes: 30, bufferMinutes: 0, minNoticeMinutes: 60, horizonDays: 14 },
          },
        });
      }
    }
    const { key } = await seedApiKey({
      db: tx,
      workspaceId: ws.id,
      createdById: adminId,
      name: "Demo admin key",
      scopes: ["read", "write", "admin"],
      role: "admin",
      key: options.apiKey,
    });
    return { workspaceId: ws.id, key };
  });

  const credentials: DemoCredentials = {
    accounts: USERS.map((u) => ({ email: u.email, password: DEMO_PASSWORD, role: u.role })),
    apiKey: key,
  };
  writeDemoCredentials(options.dataDir, credentials);
  return { created: true, workspaceId, ...credentials };
}

/** Written owner-read/write only (0600): it holds a working admin API key. */
function writeDemoCredentials(dataDir: string, credentials: DemoCredentials): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, DEMO_CREDENTIALS_FILE);
  fs.writeFileSync(file, JSON.stringify(credentials, null, 2) + "\n", { mode: 0o600 });
  // `mode` applies only when the file is created; tighten an older file too.
  fs.chmodSync(file, 0o600);
}

export function readDemoCredentials(dataDir: string): DemoCredentials | null {
  try {
    const parsed = JSON.parse(
      fs.readFileSync(path.join(dataDir, DEMO_CREDENTIALS_FILE), "utf8"),
    ) as Partial<DemoCredentials>;
    return {
      accounts: Array.isArray(parsed.accounts) ? parsed.accounts : [],
      apiKey: typeof parsed.apiKey === "string" ? parsed.apiKey : null,
    };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}
