/**
 * Seeds the demo workspace: `npx tsx prisma/seed/run.ts` with DATA_DIR, DATABASE_URL (PostgreSQL;
 * PGlite under DATA_DIR when unset) and SEED_API_KEY. Prints exactly one JSON line on stdout:
 * {"created":bool,"accounts":[{email,password,role}],"apiKey":"wcc_…"|null}. Diagnostics go to stderr.
 */
import path from "node:path";
import { createDb, setDb } from "@/lib/core/db";
import { seedDemo } from "./seed-demo";

async function main(): Promise<number> {
  const dataDir = path.resolve(process.env.DATA_DIR ?? "data");
  const { db, close } = await createDb({ databaseUrl: process.env.DATABASE_URL || undefined });
  setDb(db, process.env.DATABASE_URL ? "postgres" : "pglite");
  try {
    const result = await seedDemo(db, {
      dataDir,
      apiKey: process.env.SEED_API_KEY || undefined,
      // The demo gets a working bot; the e2e suite seeds without (SEED_DEMO_BOT=0) and opts in per test.
      enableBot: process.env.SEED_DEMO_BOT !== "0",
    });
    process.stdout.write(
      JSON.stringify({ created: result.created, accounts: result.accounts, apiKey: result.apiKey }) + "\n",
    );
    return 0;
  } catch (err) {
    process.stderr.write(`seed failed: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    await close();
  }
}

process.exitCode = await main();
