/**
 * Booking throughput under concurrency, through the real use-case (slot check, insert guarded by
 * the partial unique index, reminder job, audit row) on a migrated database:
 *
 *  1. contention — C customers at once, all wanting the earliest free slot of one agent; every
 *     loser retries with the next free slot until booked (what the bot does after "slot taken");
 *  2. spread — B bookings over distinct slots of several agents, C at a time.
 *
 * Checks afterwards that no (agent, start) has two active appointments.
 *
 *   npx tsx --conditions=react-server tests/bench/booking.bench.ts [concurrency] [bookings]
 *   TEST_DB=postgres DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test … for PostgreSQL
 *
 * (`react-server` lets the use-cases' `import "server-only"` load outside Next.js.) Not part of the suite.
 */
import { performance } from "node:perf_hooks";
import { bookAppointment } from "@/lib/appointments/book-appointment";
import { findFreeSlots } from "@/lib/appointments/find-free-slots";
import { AppError } from "@/lib/core/app-error";
import { createTestDb } from "../helpers/test-db";

const concurrency = Number(process.argv[2] ?? 20);
const bookings = Number(process.argv[3] ?? 200);
const t = await createTestDb();
const db = t.db;
const ws = await db.workspace.create({ data: { name: "Bench", slug: `bench-${Date.now()}` } });
const hours = {
  timeZone: "Asia/Kolkata",
  weeklyHours: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: "00:00", end: "24:00" })),
  slotMinutes: 15,
  bufferMinutes: 0,
  minNoticeMinutes: 0,
  horizonDays: 30,
};
const agents: { id: string }[] = [];
for (let i = 0; i < 4; i++) {
  const u = await db.user.create({
    data: {
      workspaceId: ws.id,
      email: `bench-${i}-${Date.now()}@example.test`,
      name: `Agent ${i}`,
      role: "agent",
    },
  });
  await db.agentAvailability.create({
    data: {
      userId: u.id,
      workspaceId: ws.id,
      config: hours,
      feedToken: `bench-token-${i}-${Date.now()}-xxxxxxxxxxxx`,
    },
  });
  agents.push(u);
}
const contacts: { id: string }[] = [];
for (let i = 0; i < Math.max(concurrency, bookings); i++) {
  contacts.push(
    await db.contact.create({
      data: { workspaceId: ws.id, waId: `91980000${String(i).padStart(4, "0")}`, name: `C${i}` },
    }),
  );
}
const now = new Date();

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

// 1. Contention on one agent's earliest slot.
let conflicts = 0;
const latencies: number[] = [];
const t1 = performance.now();
await Promise.all(
  contacts.slice(0, concurrency).map(async (c) => {
    for (;;) {
      const [slot] = await findFreeSlots({
        workspaceId: ws.id,
        agentId: agents[0]!.id,
        strict: true,
        count: 1,
        now,
      });
      if (!slot) throw new Error("ran out of slots");
      const s = performance.now();
      try {
        await bookAppointment({
          workspaceId: ws.id,
          contactId: c.id,
          agentId: agents[0]!.id,
          startsAt: slot.startsAt,
          now,
        });
        latencies.push(performance.now() - s);
        return;
      } catch (err) {
        if (!AppError.is(err, "CONFLICT")) throw err;
        conflicts++;
      }
    }
  }),
);
const contentionMs = performance.now() - t1;
console.log(
  `contention: ${concurrency} customers for one agent's earliest slot → ${concurrency} booked in ${contentionMs.toFixed(0)} ms (${((concurrency / contentionMs) * 1000).toFixed(1)} bookings/s), ${conflicts} conflicts retried; book() p50 ${pct(latencies, 50).toFixed(1)} ms p95 ${pct(latencies, 95).toFixed(1)} ms`,
);

// 2. Distinct slots over four agents.
const free = (
  await Promise.all(
    agents.map((a) =>
      findFreeSlots({
        workspaceId: ws.id,
        agentId: a.id,
        strict: true,
        count: Math.ceil(bookings / agents.length),
        now,
      }),
    ),
  )
).flatMap((list, i) => list.map((s) => ({ agentId: agents[i]!.id, startsAt: s.startsAt })));
const queue = free.slice(0, bookings).map((s, i) => ({ ...s, contactId: contacts[i]!.id }));
const spreadLat: number[] = [];
const t2 = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const s = performance.now();
      await bookAppointment({
        workspaceId: ws.id,
        contactId: job.contactId,
        agentId: job.agentId,
        startsAt: job.startsAt,
        now,
      });
      spreadLat.push(performance.now() - s);
    }
  }),
);
const spreadMs = performance.now() - t2;
console.log(
  `spread: ${spreadLat.length} bookings over ${agents.length} agents, ${concurrency} at a time → ${spreadMs.toFixed(0)} ms (${((spreadLat.length / spreadMs) * 1000).toFixed(1)} bookings/s); book() p50 ${pct(spreadLat, 50).toFixed(1)} ms p95 ${pct(spreadLat, 95).toFixed(1)} ms`,
);

const dup = await db.$queryRaw<
  { n: bigint }[]
>`SELECT count(*) AS n FROM (SELECT "agentId", "startsAt" FROM "Appointment" WHERE "status" IN ('booked','rescheduled') GROUP BY 1, 2 HAVING count(*) > 1) d`;
console.log(
  `double bookings: ${Number(dup[0]?.n ?? 0)} (database: ${process.env.TEST_DB === "postgres" ? "PostgreSQL" : "PGlite in memory"})`,
);
await t.close();
