#!/usr/bin/env node
// Applies database migrations: PostgreSQL when DATABASE_URL is set, else the embedded PGlite
// database under DATA_DIR (default ./data).
import fs from "node:fs";
import path from "node:path";
import { applyMigrations, sqlClient } from "../lib/core/migrations.mjs";

const url = process.env.DATABASE_URL;
let client;
let close;
if (url) {
  const { default: pg } = await import("pg");
  client = new pg.Client({ connectionString: url });
  await client.connect();
  close = () => client.end();
} else {
  const dir = path.resolve(process.env.DATA_DIR ?? "data", "pglite");
  fs.mkdirSync(dir, { recursive: true });
  const { PGlite } = await import("@electric-sql/pglite");
  client = new PGlite(dir);
  await client.waitReady;
  close = () => client.close();
}
try {
  const ran = await applyMigrations(sqlClient(client));
  console.log(ran.length ? `applied ${ran.length} migration(s): ${ran.join(", ")}` : "database is up to date");
} finally {
  await close();
}
