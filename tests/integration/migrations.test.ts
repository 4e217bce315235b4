import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMigrations } from "@/lib/core/migrations.mjs";
import { createTestDb, type TestDb } from "../helpers/test-db";

describe(`migrations (${process.env.TEST_DB ?? "pglite"})`, () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await t.close();
  });

  it("apply to an empty database and record every migration", async () => {
    const rows = await t.db.$queryRawUnsafe<{ migration_name: string }[]>(
      `SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(readMigrations().map((m) => m.name));
  });

  it("give a schema the client can use for the core model", async () => {
    const ws = await t.db.workspace.create({ data: { name: "Acme", slug: "acme" } });
    const contact = await t.db.contact.create({ data: { workspaceId: ws.id, waId: "919812345678", phone: "+919812345678" } });
    const conv = await t.db.conversation.create({ data: { workspaceId: ws.id, contactId: contact.id } });
    await t.db.message.create({
      data: { workspaceId: ws.id, conversationId: conv.id, contactId: contact.id, direction: "inbound", type: "text", body: "नमस्ते 👋", metaId: "wamid.1" },
    });
    await expect(
      t.db.message.create({
        data: { workspaceId: ws.id, conversationId: conv.id, contactId: contact.id, direction: "inbound", type: "text", metaId: "wamid.1" },
      }),
    ).rejects.toThrow();
    const m = await t.db.message.findFirstOrThrow({ where: { metaId: "wamid.1" } });
    expect(m.body).toBe("नमस्ते 👋");
  });
});
