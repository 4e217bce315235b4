import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KNOWLEDGE_FIXTURE } from "@/lib/bot/testing/knowledge-fixture";
import { callTools, say, toolUse } from "@/lib/sandbox/anthropic/script";
import {
  api,
  contactOf,
  conversationOf,
  drain,
  icsDate,
  icsOf,
  icsProp,
  listOf,
  Phone,
  setBotSettings,
  startBotWorld,
  textsOf,
  type BotWorld,
} from "./bot-harness";

/**
 * Issue 5 end to end: WhatsApp user (Meta sandbox) → signed webhook → stored → processed → bot.turn
 * job → engine → messages back through the outbox to the sandbox phone, appointments in the
 * database with their .ics received as a document, the lead score persisted with its reasons.
 */
let w: BotWorld;
const DEVANAGARI = /[\u0900-\u097F]/;

beforeAll(async () => {
  w = await startBotWorld();
  for (const e of KNOWLEDGE_FIXTURE) {
    const r = await api(
      w,
      "POST",
      "/api/v1/knowledge",
      { question: e.question, answer: e.answer, tags: e.tags, language: e.language },
      w.adminCookie,
    );
    expect(r.status).toBe(201);
  }
});
afterAll(async () => {
  await w?.close();
});

describe("rule engine, English: qualification, booking, reschedule, cancel, opt-out", () => {
  it("runs the whole conversation over WhatsApp", async () => {
    await setBotSettings(w, { enabled: true, engine: "rules", businessName: "Acme Realty" });
    const phone = await Phone.create(w, "+91 98100 00001", "Ravi Kumar");

    const hi = await phone.say("Hi");
    expect(textsOf(hi)[0]).toContain("Acme Realty");
    expect(textsOf(hi)).toHaveLength(2); // greeting + the first qualification question
    await phone.say("I need a 3BHK flat near the metro");
    await phone.say("around 50k");
    const price = await phone.say("btw what's the price of the pro plan?");
    expect(textsOf(price)).toEqual(["Plans start at ₹999 per month; the Pro plan is ₹2,499 per month."]); // from the knowledge base
    await phone.say("3 months");
    await phone.say("I decide");

    // Lead score: every change persisted with its reason, contact updated, visible through v1.
    const contact = await contactOf(w, phone);
    expect(contact).toMatchObject({ leadScore: 102, leadStage: "qualified", language: "en" });
    const rows = await w.t.db.leadScoreChange.findMany({
      where: { contactId: contact.id },
      orderBy: { createdAt: "asc" },
    });
    expect(rows.map((r) => `${r.delta}: ${r.reason}`)).toEqual([
      "2: sent a message",
      "2: sent a message",
      "15: need stated",
      "2: sent a message",
      "25: budget stated",
      "2: sent a message",
      "15: asked for pricing",
      "2: sent a message",
      "15: timeline stated",
      "2: sent a message",
      "20: is the decision maker",
    ]);
    const score = await api<{
      score: number;
      stage: string;
      changes: { delta: number; reason: string; scoreAfter: number }[];
    }>(w, "GET", `/api/v1/contacts/${contact.id}/score`);
    expect(score.status).toBe(200);
    expect(score.json).toMatchObject({ score: 102, stage: "qualified" });
    expect(score.json.changes[0]).toMatchObject({
      delta: 20,
      reason: "is the decision maker",
      scoreAfter: 102,
    });

    // Booking: an interactive list (≤ 10 rows, titles ≤ 24), a tap, the appointment, the .ics.
    const offer = listOf(await phone.say("Can I book an appointment?"));
    expect(offer.rows.length).toBeGreaterThan(1);
    expect(offer.rows.length).toBeLessThanOrEqual(10);
    for (const r of offer.rows) expect(r.title.length).toBeLessThanOrEqual(24);
    const booked = await phone.tap(offer.rows[1]!);
    expect(textsOf(booked)[0]).toContain("Done! Your appointment is booked");
    const appt = await w.t.db.appointment.findFirstOrThrow({ where: { contactId: contact.id } });
    expect(appt).toMatchObject({ agentId: w.agent.id, status: "booked", sequence: 0 });
    expect(offer.rows[1]!.id).toBe(`${w.agent.id}:${appt.startsAt.toISOString()}`);
    const [invite] = icsOf(w, booked);
    expect(invite).toBeDefined();
    expect(icsProp(invite!, "METHOD")).toBe("REQUEST");
    expect(icsProp(invite!, "DTSTART")).toBe(icsDate(appt.startsAt));
    expect(icsProp(invite!, "SEQUENCE")).toBe("0");
    const reminder = await w.t.db.job.findUniqueOrThrow({
      where: { idempotencyKey: `appointment.reminder:${appt.id}:0` },
    });
    expect(reminder.runAt.getTime()).toBe(appt.startsAt.getTime() - 60 * 60_000);
    const conv = await conversationOf(w, phone);
    expect((conv.botData as { booked?: { appointmentId?: string } }).booked?.appointmentId).toBe(appt.id);

    // Reschedule by chat: same UID, SEQUENCE 1, new DTSTART, a new reminder for the new sequence.
    const moveOffer = listOf(await phone.say("I need to reschedule"));
    const target = moveOffer.rows.find((r) => r.id !== offer.rows[1]!.id)!;
    const moved = await phone.tap(target);
    const after = await w.t.db.appointment.findUniqueOrThrow({ where: { id: appt.id } });
    expect(after).toMatchObject({ status: "rescheduled", sequence: 1 });
    expect(after.startsAt.toISOString()).toBe(target.id.slice(target.id.indexOf(":") + 1));
    const [update] = icsOf(w, moved);
    expect(icsProp(update!, "SEQUENCE")).toBe("1");
    expect(icsProp(update!, "UID")).toBe(icsProp(invite!, "UID"));
    expect(icsProp(update!, "DTSTART")).toBe(icsDate(after.startsAt));
    expect(await w.t.db.job.count({ where: { idempotencyKey: `appointment.reminder:${appt.id}:1` } })).toBe(
      1,
    );

    // The reminders fall due: the superseded one (sequence 0) sends nothing, the current one sends once.
    const beforeReminder = (await phone.all()).length;
    await drain(w, () => new Date(after.startsAt.getTime() - 30 * 60_000));
    const reminders = textsOf(await phone.newMessages()).filter((t) => t.startsWith("Reminder"));
    expect(reminders).toHaveLength(1);
    expect((await phone.all()).length).toBe(beforeReminder + 1);

    // Cancel by chat: METHOD:CANCEL, STATUS:CANCELLED, SEQUENCE 2.
    const cancelled = await phone.say("please cancel my appointment");
    expect(textsOf(cancelled)[0]).toContain("is cancelled");
    expect(await w.t.db.appointment.findUniqueOrThrow({ where: { id: appt.id } })).toMatchObject({
      status: "cancelled",
      sequence: 2,
    });
    const [cancel] = icsOf(w, cancelled);
    expect(icsProp(cancel!, "METHOD")).toBe("CANCEL");
    expect(icsProp(cancel!, "STATUS")).toBe("CANCELLED");
    expect(icsProp(cancel!, "SEQUENCE")).toBe("2");
    const later = await w.t.db.leadScoreChange.findMany({
      where: { contactId: contact.id },
      orderBy: { createdAt: "asc" },
      skip: rows.length,
    });
    expect(later.map((r) => `${r.delta}: ${r.reason}`)).toEqual(
      expect.arrayContaining([
        "20: asked to book an appointment",
        "20: booked an appointment",
        "5: asked to reschedule",
        "-10: cancelled an appointment",
      ]),
    );
    expect((await contactOf(w, phone)).leadScore).toBe(later.at(-1)!.scoreAfter);

    // Opt-out: one confirmation, the contact flagged, silence afterwards.
    const stop = await phone.say("STOP");
    expect(textsOf(stop)).toHaveLength(1);
    expect((await contactOf(w, phone)).optedOut).toBe(true);
    expect(await phone.say("hello?")).toEqual([]);
    expect(await phone.say("book an appointment")).toEqual([]);
  });
});

describe("rule engine, Hindi: booking, escalation to a human, silence, hand back", () => {
  it("answers in Devanagari, hands off with a summary and resumes when handed back", async () => {
    await setBotSettings(w, { enabled: true, engine: "rules", businessName: "Acme" });
    const phone = await Phone.create(w, "+91 98100 00002", "सीमा");
    const hi = await phone.say("नमस्ते");
    for (const t of textsOf(hi)) expect(t).toMatch(DEVANAGARI);
    await phone.say("मुझे अपनी दुकान के लिए बिलिंग सॉफ्टवेयर चाहिए");
    await phone.say("₹२ लाख");
    const offer = listOf(await phone.say("अपॉइंटमेंट बुक करना है"));
    expect(offer.button).toBe("समय चुनें");
    for (const r of offer.rows) expect(r.title).toMatch(DEVANAGARI);
    const booked = await phone.tap(offer.rows[0]!);
    const contact = await contactOf(w, phone);
    const appt = await w.t.db.appointment.findFirstOrThrow({ where: { contactId: contact.id } });
    expect(icsProp(icsOf(w, booked)[0]!, "DTSTART")).toBe(icsDate(appt.startsAt));
    for (const t of textsOf(booked)) expect(t).toMatch(DEVANAGARI);
    const changes = await w.t.db.leadScoreChange.findMany({ where: { contactId: contact.id } });
    expect(changes.map((c) => c.reason)).toEqual(
      expect.arrayContaining([
        "need stated",
        "budget stated",
        "asked to book an appointment",
        "booked an appointment",
      ]),
    );

    // Escalation on request: a note with the summary for the agent, handed_off, routed, published
    // — and, the contact being linked to a CRM lead, the same summary queued as a CRM note.
    await w.t.db.contact.update({ where: { id: contact.id }, data: { crmDoctype: "CRM Lead", crmName: "CRM-LEAD-2026-00042" } });
    const handoff = await phone.say("किसी इंसान से बात करनी है");
    expect(textsOf(handoff)).toHaveLength(1);
    const conv = await conversationOf(w, phone);
    expect(conv.botState).toBe("handed_off");
    expect(conv.assigneeId).toBe(w.agent.id);
    const note = await w.t.db.message.findFirstOrThrow({ where: { conversationId: conv.id, type: "note" } });
    expect(note.body).toContain("Customer asked for a person.");
    expect(note.body).toContain("Language: Hindi");
    expect(note.body).toContain("Appointment:");
    const notes = await api<{ data: { type: string; body: string }[] }>(
      w,
      "GET",
      `/api/v1/conversations/${conv.id}/messages`,
    );
    expect(notes.json.data.find((m) => m.type === "note")?.body).toBe(note.body);
    const crmNote = await w.t.db.job.findFirstOrThrow({ where: { name: "crm.add_note", idempotencyKey: { contains: `handoff:${conv.id}` } } });
    expect(JSON.stringify(crmNote.payload)).toContain("CRM-LEAD-2026-00042");
    expect(JSON.stringify(crmNote.payload)).toContain("Customer asked for a person.");

    // The bot stays silent while a human owns the conversation.
    expect(await phone.say("हेलो?")).toEqual([]);

    // The agent hands back: the bot answers again.
    const back = await api<{ id: string }>(w, "POST", `/api/v1/conversations/${conv.id}/bot`, {
      action: "hand_back",
    });
    expect(back.status).toBe(200);
    expect((await w.t.db.conversation.findUniqueOrThrow({ where: { id: conv.id } })).botState).toBe("active");
    const again = await phone.say("कीमत क्या है?");
    expect(textsOf(again)[0]).toBe("प्लान ₹999 प्रति माह से शुरू होते हैं; प्रो प्लान ₹2,499 प्रति माह है।");

    // Pause: silent again without a hand-off.
    expect((await api(w, "POST", `/api/v1/conversations/${conv.id}/bot`, { action: "pause" })).status).toBe(
      200,
    );
    expect(await phone.say("नमस्ते")).toEqual([]);
  });
});

describe("Claude engine (fake Anthropic API), Hinglish: qualification, booking, reschedule, cancel, escalation, opt-out", () => {
  it("runs the real SDK path and executes the model's tool calls", async () => {
    await setBotSettings(w, { enabled: true, engine: "auto", businessName: "Acme" });
    w.anthropic.reset();
    const phone = await Phone.create(w, "+91 98100 00003", "Amit");
    const greet = await phone.say("namaste ji");
    expect(textsOf(greet)).toHaveLength(1);
    expect(w.anthropic.requests.length).toBeGreaterThan(0);

    // Qualification through the model's qualify tool, scored like the rule engine would.
    w.anthropic.script(
      callTools(
        toolUse("qualify", {
          field: "budget",
          value: "INR 150000",
          raw: "budget 1.5 lakh tak hai",
          amount: 150_000,
          currency: "INR",
        }),
        toolUse("ask", { field: "timeline", text: "Aap kab tak lena chahte hain?" }),
      ),
      say(""),
    );
    const q = await phone.say("budget 1.5 lakh tak hai");
    expect(textsOf(q)).toContain("Aap kab tak lena chahte hain?");
    const contact = await contactOf(w, phone);
    expect(
      await w.t.db.leadScoreChange.findFirst({
        where: { contactId: contact.id, reason: "budget stated", delta: 25 },
      }),
    ).not.toBeNull();

    const offer = listOf(await phone.say("kal appointment chahiye"));
    expect(offer.rows.length).toBeGreaterThan(1);
    const booked = await phone.tap(offer.rows[0]!);
    const appt = await w.t.db.appointment.findFirstOrThrow({ where: { contactId: contact.id } });
    expect(icsProp(icsOf(w, booked)[0]!, "DTSTART")).toBe(icsDate(appt.startsAt));

    const moveOffer = listOf(await phone.say("time badalna hai"));
    const moved = await phone.tap(moveOffer.rows.find((r) => r.id !== offer.rows[0]!.id)!);
    expect(await w.t.db.appointment.findUniqueOrThrow({ where: { id: appt.id } })).toMatchObject({
      sequence: 1,
      status: "rescheduled",
    });
    expect(icsProp(icsOf(w, moved)[0]!, "SEQUENCE")).toBe("1");

    const cancelled = await phone.say("cancel kar do");
    expect(await w.t.db.appointment.findUniqueOrThrow({ where: { id: appt.id } })).toMatchObject({
      status: "cancelled",
      sequence: 2,
    });
    expect(icsProp(icsOf(w, cancelled)[0]!, "STATUS")).toBe("CANCELLED");

    const stop = await phone.say("message band karo");
    expect(textsOf(stop)).toEqual(["Ab aapko hamare messages nahi milenge."]);
    expect((await contactOf(w, phone)).optedOut).toBe(true);
    const requests = w.anthropic.requests.length;
    expect(await phone.say("hello")).toEqual([]);
    expect(w.anthropic.requests.length).toBe(requests); // not even asked
  });

  it("escalates through the escalate tool with the model's summary", async () => {
    await setBotSettings(w, { enabled: true, engine: "auto" });
    const phone = await Phone.create(w, "+91 98100 00004", "Neha");
    await phone.say("hello");
    const handoff = await phone.say("kisi insaan se baat karni hai, manager please");
    expect(textsOf(handoff)).toEqual(["Main aapko colleague se connect kar raha hoon."]);
    const conv = await conversationOf(w, phone);
    expect(conv.botState).toBe("handed_off");
    const note = await w.t.db.message.findFirstOrThrow({ where: { conversationId: conv.id, type: "note" } });
    expect(note.body).toContain("Customer asked for a person.");
    expect(await phone.say("hello??")).toEqual([]);
  });
});
