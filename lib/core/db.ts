import fs from "node:fs";
import path from "node:path";
import { Prisma, PrismaClient } from "@prisma/client";

/**
 * The one place that makes Prisma clients.
 * - DATABASE_URL set → PostgreSQL through @prisma/adapter-pg.
 * - otherwise → embedded PGlite (Postgres compiled to WASM) with files under DATA_DIR/pglite.
 * The app keeps one client per process on globalThis (Next.js dev reloads modules).
 */
export type Db = PrismaClient;

export interface CreateDbOptions {
  /** PostgreSQL connection string; when absent, PGlite is used. */
  databaseUrl?: string;
  /** PGlite data directory, or "memory://" for an in-memory database. */
  pgliteDir?: string;
  /** PostgreSQL schema (tests use one per file). */
  schema?: string;
  /** Existing PGlite instance (tests share it with raw SQL helpers). */
  pglite?: import("@electric-sql/pglite").PGlite;
}

export async function createDb(options: CreateDbOptions = {}): Promise<{ db: Db; close: () => Promise<void> }> {
  if (options.databaseUrl) {
    const { PrismaPg } = await import("@prisma/adapter-pg");
    // The adapter's `schema` option qualifies Prisma's own queries; raw SQL resolves names through
    // search_path, so set that on every pooled connection too.
    const adapter = new PrismaPg(
      {
        connectionString: options.databaseUrl,
        max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
        options: options.schema ? `-c search_path="${options.schema}"` : undefined,
      },
      options.schema ? { schema: options.schema } : undefined,
    );
    const db = new PrismaClient({ adapter });
    return { db, close: () => db.$disconnect() };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  let pglite = options.pglite;
  if (!pglite) {
    const dir = options.pgliteDir ?? path.resolve(process.env.DATA_DIR ?? "data", "pglite");
    if (!dir.startsWith("memory://")) fs.mkdirSync(dir, { recursive: true });
    pglite = new PGlite(dir);
  }
  const owned = !options.pglite;
  const db = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    db,
    close: async () => {
      await db.$disconnect();
      if (owned) await pglite.close();
    },
  };
}

export type DbKind = "postgres" | "pglite";

const globalForDb = globalThis as unknown as { __db?: Promise<Db>; __dbKind?: DbKind };

/** The process-wide client. Tests replace it with setDb() before any use-case runs. */
export function getDb(): Promise<Db> {
  if (!globalForDb.__db) {
    globalForDb.__dbKind = process.env.DATABASE_URL ? "postgres" : "pglite";
    globalForDb.__db = createDb({ databaseUrl: process.env.DATABASE_URL }).then((r) => r.db);
  }
  return globalForDb.__db;
}

export function setDb(db: Db, kind: DbKind): void {
  globalForDb.__db = Promise.resolve(db);
  globalForDb.__dbKind = kind;
}

/**
 * True when the process database is PostgreSQL (FOR UPDATE SKIP LOCKED, advisory locks, several
 * connections). PGlite is a single connection in this process, so row locks there are moot.
 */
export function isPostgres(): boolean {
  return (globalForDb.__dbKind ?? (process.env.DATABASE_URL ? "postgres" : "pglite")) === "postgres";
}

/**
 * A unique-constraint violation, however it surfaces: Prisma maps it to P2002, but inside an
 * interactive transaction over pglite-prisma-adapter 0.6 it arrives as a raw DriverAdapterError
 * whose cause carries the Postgres code 23505.
 */
export function isUniqueViolation(err: unknown): boolean {
  if (err instanceof Prisma.PrismaClientKnownRequestError) return err.code === "P2002";
  const cause = (err as { cause?: { code?: unknown; kind?: unknown } } | null)?.cause;
  return cause?.code === "23505" || cause?.kind === "UniqueConstraintViolation";
}
