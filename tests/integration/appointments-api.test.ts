import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedUser } from "../helpers/factories";
import { sessionCookie } from "../helpers/http-app";
import {
  api,
  contactOf,
  drain,
  icsDate,
  icsOf,
  icsProp,
  Phone,
  startBotWorld,
  type BotWorld,
} from "./bot-harness";

/**
 * Issue 5 appointments through v1 and the private ICS feed: availability, free slots, booking for a
 * contact (the customer gets the .ics on WhatsApp), conflicts, reschedule/cancel permissions, the
 * subscribable feed (404 for a wrong or rotated token).
 */
let w: BotWorld;
let phone: Phone;
let contactId: string;
type TAppt = {
  id: string;
  status: string;
  sequence: number;
  startsAt: string;
  timeZone: string;
  contact: { id: string };
  agent: { id: string };
};

beforeAll(async () => {
  w = await startBotWorld();
  phone = await Phone.create(w, "+91 98500 00001", "Feed Customer");
  await phone.say("hello"); // opens a conversation and the 24-hour window (the bot is off here)
  contactId = (await contactOf(w, phone)).id;
});
afterAll(async () => {
  await w?.close();
});

describe("availability and the private ICS feed", () => {
  it("returns the agent's appointments at the secret URL, 404 for a wrong or rotated token", async () => {
    const mine = await api<{ availability: { timeZone: string }; feedUrl: string }>(
      w,
      "GET",
      "/api/v1/appointments/availability",
    );
    expect(mine.status).toBe(200);
    expect(mine.json.availability.timeZone).toBe("Asia/Kolkata");
    const slots = await api<{ data: { id: string; startsAt: string }[] }>(
      w,
      "GET",
      "/api/v1/appointments/slots?count=3",
    );
    expect(slots.json.data).toHaveLength(3);
    const booked = await api<TAppt>(w, "POST", "/api/v1/appointments", {
      contactId,
      slotId: slots.json.data[0]!.id,
      title: "Site visit",
    });
    expect(booked.status).toBe(201);
    expect(booked.json).toMatchObject({
      status: "booked",
      sequence: 0,
      timeZone: "Asia/Kolkata",
      contact: { id: contactId },
      agent: { id: w.agent.id },
    });
    await drain(w);
    const [ics] = icsOf(w, await phone.newMessages());
    expect(icsProp(ics!, "DTSTART")).toBe(icsDate(booked.json.startsAt));

    const path = new URL(mine.json.feedUrl).pathname;
    const feed = await fetch(`${w.app.url}${path}`);
    expect(feed.status).toBe(200);
    expect(feed.headers.get("content-type")).toMatch(/^text\/calendar/);
    const body = await feed.text();
    expect(body).toContain(`UID:appointment-${booked.json.id}@`);
    expect(body).toContain(`DTSTART:${icsDate(booked.json.startsAt)}`);
    expect(body).toContain("SUMMARY:Site visit");
    expect((await fetch(`${w.app.url}${path}.ics`)).status).toBe(200);

    expect((await fetch(`${w.app.url}/api/ics/${"x".repeat(43)}`)).status).toBe(404);
    expect((await fetch(`${w.app.url}${path.slice(0, -2)}zz`)).status).toBe(404);

    // Another agent's feed does not carry this agent's appointments.
    const other = await seedUser(w.t.db, { workspaceId: w.ws.id, role: "agent" });
    const otherFeed = await api<{ feedUrl: string }>(
      w,
      "GET",
      "/api/v1/appointments/availability",
      undefined,
      await sessionCookie(other),
    );
    const otherBody = await (await fetch(`${w.app.url}${new URL(otherFeed.json.feedUrl).pathname}`)).text();
    expect(otherBody).not.toContain(booked.json.id);

    const rotated = await api<{ feedUrl: string }>(
      w,
      "POST",
      "/api/v1/appointments/availability/rotate-feed",
    );
    expect(rotated.json.feedUrl).not.toBe(mine.json.feedUrl);
    expect((await fetch(`${w.app.url}${path}`)).status).toBe(404);
    expect((await fetch(`${w.app.url}${new URL(rotated.json.feedUrl).pathname}`)).status).toBe(200);
  });

  it("validates availability and keeps agents to their own", async () => {
    const bad = await api(w, "PUT", "/api/v1/appointments/availability", {
      availability: { timeZone: "Mars/Base", weeklyHours: [], slotMinutes: 30 },
    });
    expect(bad.status).toBe(400);
    const other = await seedUser(w.t.db, { workspaceId: w.ws.id, role: "agent" });
    expect((await api(w, "GET", `/api/v1/appointments/availability?userId=${other.id}`)).status).toBe(403);
    expect(
      (
        await api(
          w,
          "GET",
          `/api/v1/appointments/availability?userId=${w.agent.id}`,
          undefined,
          w.adminCookie,
        )
      ).status,
    ).toBe(200);
  });
});

describe("booking, conflicts, reschedule and cancel through v1", () => {
  it("refuses a double booking, moves with SEQUENCE 1 and cancels with METHOD:CANCEL", async () => {
    const slots = await api<{ data: { id: string; startsAt: string }[] }>(
      w,
      "GET",
      "/api/v1/appointments/slots?count=5",
    );
    const [s1, s2] = slots.json.data;
    const first = await api<TAppt>(w, "POST", "/api/v1/appointments", { contactId, startsAt: s1!.startsAt });
    expect(first.status).toBe(201);
    // The same slot at once from two requests: exactly one wins.
    const other = await Phone.create(w, "+91 98500 00002", "Second");
    await other.say("hi");
    const otherContact = (await contactOf(w, other)).id;
    const race = await Promise.all([
      api(w, "POST", "/api/v1/appointments", { contactId: otherContact, startsAt: s2!.startsAt }),
      api(w, "POST", "/api/v1/appointments", { contactId, startsAt: s2!.startsAt }, w.adminCookie),
    ]);
    expect(race.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(
      await w.t.db.appointment.count({
        where: {
          agentId: w.agent.id,
          startsAt: new Date(s2!.startsAt),
          status: { in: ["booked", "rescheduled"] },
        },
      }),
    ).toBe(1);
    // Not a slot of the agent's grid.
    expect(
      (
        await api(w, "POST", "/api/v1/appointments", {
          contactId,
          startsAt: new Date(new Date(s1!.startsAt).getTime() + 7 * 60_000).toISOString(),
        })
      ).status,
    ).toBe(400);

    await drain(w);
    await phone.newMessages();
    const free = await api<{ data: { id: string; startsAt: string }[] }>(
      w,
      "GET",
      "/api/v1/appointments/slots?count=5",
    );
    const moved = await api<TAppt>(w, "POST", `/api/v1/appointments/${first.json.id}/reschedule`, {
      slotId: free.json.data[0]!.id,
    });
    expect(moved.status).toBe(200);
    expect(moved.json).toMatchObject({
      status: "rescheduled",
      sequence: 1,
      startsAt: free.json.data[0]!.startsAt,
    });
    await drain(w);
    const [update] = icsOf(w, await phone.newMessages());
    expect(icsProp(update!, "SEQUENCE")).toBe("1");

    const list = await api<{ data: TAppt[] }>(w, "GET", "/api/v1/appointments");
    expect(list.json.data.map((a) => a.id)).toContain(first.json.id);
    const intruder = await seedUser(w.t.db, { workspaceId: w.ws.id, role: "agent" });
    const intruderCookie = await sessionCookie(intruder);
    expect(
      (await api(w, "POST", `/api/v1/appointments/${first.json.id}/cancel`, undefined, intruderCookie))
        .status,
    ).toBe(403);
    expect(
      (await api(w, "GET", `/api/v1/appointments?agent=${w.agent.id}`, undefined, intruderCookie)).status,
    ).toBe(403);

    const cancelled = await api<TAppt>(w, "POST", `/api/v1/appointments/${first.json.id}/cancel`);
    expect(cancelled.json).toMatchObject({ status: "cancelled", sequence: 2 });
    await drain(w);
    const [cancel] = icsOf(w, await phone.newMessages());
    expect(icsProp(cancel!, "METHOD")).toBe("CANCEL");
    // Idempotent, and the freed slot is bookable again.
    expect((await api<TAppt>(w, "POST", `/api/v1/appointments/${first.json.id}/cancel`)).json.sequence).toBe(
      2,
    );
    expect(
      (await api(w, "POST", "/api/v1/appointments", { contactId, startsAt: free.json.data[0]!.startsAt }))
        .status,
    ).toBe(201);
  });
});
