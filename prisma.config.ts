import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";

/**
 * Prisma CLI configuration. `engine: "js"` uses Prisma's WASM schema engine over a driver adapter,
 * so no native engine has to be downloaded (offline machines cannot). With DATABASE_URL the CLI
 * talks to PostgreSQL through node-postgres; without it, to the embedded PGlite folder under DATA_DIR.
 */
export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => {
    const url = process.env.DATABASE_URL;
    if (url) {
      const { PrismaPg } = await import("@prisma/adapter-pg");
      return new PrismaPg({ connectionString: url });
    }
    const dir = path.resolve(process.env.DATA_DIR ?? "data", "pglite");
    fs.mkdirSync(dir, { recursive: true });
    const { PGlite } = await import("@electric-sql/pglite");
    const { PrismaPGlite } = await import("pglite-prisma-adapter");
    return new PrismaPGlite(new PGlite(dir));
  },
});
