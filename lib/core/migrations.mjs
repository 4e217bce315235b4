// Applies prisma/migrations/*/migration.sql in order and records them in Prisma's own
// `_prisma_migrations` table, so `prisma migrate status` agrees with what ran.
// Why not `prisma migrate deploy`: its WASM schema engine over @prisma/adapter-pg 6.19 fails on
// PostgreSQL ("Column type 'name' could not be deserialized"), and on PGlite it is slow.
// Plain JS so that the bootstrap, the test harness and the app can all use it.
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

/** @returns {{ name: string, sql: string, checksum: string }[]} */
export function readMigrations(dir = MIGRATIONS_DIR) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/**
 * @param {{ query: (sql: string, params?: unknown[]) => Promise<{ rows: any[] }>, exec: (sql: string) => Promise<unknown> }} db
 *   a minimal client: node-postgres and PGlite both fit through small wrappers.
 * @returns {Promise<string[]>} names of the migrations applied now
 */
export async function applyMigrations(db, dir = MIGRATIONS_DIR) {
  await db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
  )`);
  const done = await db.query(
    `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  const applied = new Map(done.rows.map((r) => [r.migration_name, r.checksum]));
  const ran = [];
  for (const m of readMigrations(dir)) {
    if (applied.has(m.name)) {
      if (applied.get(m.name) !== m.checksum) {
        throw new Error(
          `Migration ${m.name} was changed after it was applied. Create a new migration instead of editing an applied one.`,
        );
      }
      continue;
    }
    await db.exec("BEGIN");
    try {
      await db.exec(m.sql);
      await db.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)`,
        [randomUUID(), m.checksum, m.name],
      );
      await db.exec("COMMIT");
    } catch (err) {
      await db.exec("ROLLBACK");
      throw new Error(`Migration ${m.name} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    ran.push(m.name);
  }
  return ran;
}

/** Wraps node-postgres Client/Pool or PGlite into the shape applyMigrations wants. */
export function sqlClient(client) {
  return {
    query: (sql, params) => client.query(sql, params),
    exec: (sql) => ("exec" in client ? client.exec(sql) : client.query(sql)),
  };
}
