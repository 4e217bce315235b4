import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { createDb, setDb, type Db, type DbKind } from "@/lib/core/db";
import { applyMigrations, sqlClient } from "@/lib/core/migrations.mjs";

export interface TestDb {
  db: Db;
  kind: DbKind;
  /** PostgreSQL only: the connection string and the schema this test file owns. */
  databaseUrl?: string;
  schema?: string;
  close(): Promise<void>;
}

/**
 * An isolated, migrated database for one test file, installed as the process database (getDb()).
 * TEST_DB=postgres (set by scripts/test.mjs when DATABASE_URL is set) → a fresh schema on
 * PostgreSQL, dropped on close; otherwise → in-memory PGlite.
 */
export async function createTestDb(): Promise<TestDb> {
  if (process.env.TEST_DB === "postgres") {
    const databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) throw new Error("TEST_DB=postgres needs DATABASE_URL");
    const schema = "t_" + randomBytes(6).toString("hex");
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`CREATE SCHEMA "${schema}"`);
    await admin.query(`SET search_path TO "${schema}"`);
    await applyMigrations(sqlClient(admin));
    await admin.end();
    const { db, close } = await createDb({ databaseUrl, schema });
    setDb(db, "postgres");
    return {
      db,
      kind: "postgres",
      databaseUrl,
      schema,
      async close() {
        await close();
        const c = new pg.Client({ connectionString: databaseUrl });
        await c.connect();
        await c.query(`DROP SCHEMA "${schema}" CASCADE`);
        await c.end();
      },
    };
  }
  const pglite = new PGlite("memory://");
  await pglite.waitReady;
  await applyMigrations(sqlClient(pglite));
  const { db, close } = await createDb({ pglite });
  setDb(db, "pglite");
  return {
    db,
    kind: "pglite",
    async close() {
      await close();
      await pglite.close();
    },
  };
}

/** Connection string with the test schema as search_path, for a child process (e.g. a web server). */
export function urlWithSchema(databaseUrl: string, schema: string): string {
  const u = new URL(databaseUrl);
  u.searchParams.set("options", `-c search_path=${schema}`);
  return u.toString();
}
