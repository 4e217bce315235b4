export const MIGRATIONS_DIR: string;
export function readMigrations(dir?: string): { name: string; sql: string; checksum: string }[];
export interface MigrationDb {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  exec(sql: string): Promise<unknown>;
}
export function applyMigrations(db: MigrationDb, dir?: string): Promise<string[]>;
export function sqlClient(client: unknown): MigrationDb;
