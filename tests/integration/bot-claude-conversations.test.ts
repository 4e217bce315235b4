import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAppointmentIcs } from "@/lib/appointments/ics";
import type { TBotLanguage } from "@/lib/bot/language";
import { createClaudeEngine, type TClaudeTurnResult } from "@/lib/bot/claude-engine";
import { createRuleEngine } from "@/lib/bot/rule-engine";
import { KNOWLEDGE_FIXTURE } from "@/lib/bot/testing/knowledge-fixture";
import { actionOf, ScriptedConversation, types, type TScriptedTurn } from "@/lib/bot/testing/conversation";
import { applyScore } from "@/lib/leads/scoring";
import { scoreEventsFromTurn } from "@/lib/leads/score-events-from-turn";
import { startFakeAnthropic, type RunningFakeAnthropic } from "@/lib/sandbox/anthropic/server";
import { callTools, offeredSlotIds, say, toolUse, type TFakeStep } from "@/lib/sandbox/anthropic/script";
import type { TMessagesRequest } from "@/lib/sandbox/anthropic/wire";

/**
 * Scripted conversations in English, Hindi and Hinglish through the Claude engine (the fake plays
 * the model with scripted tool calls), played side by side with the rule engine on the same
 * messages: each turn must produce the same action types, the same language, and the lead the same
 * score. Slot ids come from what the engine offered (the fake reads them from the request).
 */
const KEY = "sk-ant-conv";
const now = new Date("2026-11-27T06:00:00Z");
let fake: RunningFakeAnthropic;
beforeAll(async () => {
  fake = await startFakeAnthropic({ apiKeys: [KEY] });
});
afterAll(async () => {
  await fake.close();
});

const claude = () => createClaudeEngine({ apiKey: KEY, baseURL: fake.url, maxRetries: 0, timeoutMs: 5_000, rules: { businessName: "Acme" } });
const rules = createRuleEngine({ businessName: "Acme" });

/** The model ends its turn without more text (its message went out through a tool). */
const done = { content: [], stop_reason: "end_turn" as const };
const listReplyId = (req: TMessagesRequest) => {
  const last = req.messages.at(-1)!;
  const text = typeof last.content === "string" ? last.content : "";
  const id = /list_reply_id="([^"]+)"/.exec(text)?.[1];
  if (!id) throw new Error("no list reply in the request");
  return id;
};

interface TLocale {
  messages: { greet: string; need: string; budget: string; timeline: string; decision: string; book: string; reschedule: string; cancel: string; human: string; stop: string };
  model: { greet: string; askNeed: string; askBudget: string; askTimeline: string; askRole: string; qualified: string; offer: string; booked: string; moved: string; cancelled: string; handoff: string; optOut: string };
  budget: { amount: number; value: string };
  timeline: { withinDays: number; value: string };
  role: "decision_maker" | "influencer";
  hint: string;
}

const LOCALES: Record<TBotLanguage, TLocale> = {
  en: {
    messages: { greet: "Hi", need: "I need a 3BHK flat near the metro", budget: "around 50k", timeline: "3 months", decision: "I decide", book: "Can I book an appointment?", reschedule: "I need to reschedule", cancel: "please cancel my appointment", human: "I want to talk to a person", stop: "STOP" },
    model: { greet: "Hello! Welcome to Acme.", askNeed: "What are you looking for?", askBudget: "What budget do you have in mind?", askTimeline: "When are you planning to buy?", askRole: "Will you decide yourself?", qualified: "Thank you! Would you like to book a meeting?", offer: "Here are some free times:", booked: "Done! You're booked.", moved: "Done! Your appointment is moved.", cancelled: "Your appointment is cancelled.", handoff: "Connecting you with a colleague.", optOut: "You won't get more messages from us." },
    budget: { amount: 50_000, value: "INR 50000" },
    timeline: { withinDays: 90, value: "within 90 days" },
    role: "decision_maker",
    hint: "Reply in English",
  },
  hi: {
    messages: { greet: "नमस्ते", need: "मुझे अपनी दुकान के लिए बिलिंग सॉफ्टवेयर चाहिए", budget: "₹२ लाख", timeline: "अगले महीने", decision: "मैं खुद तय करूँगा", book: "अपॉइंटमेंट बुक करना है", reschedule: "समय बदलना है", cancel: "रद्द करो", human: "किसी इंसान से बात करनी है", stop: "मैसेज बंद करो" },
    model: { greet: "नमस्ते! Acme में आपका स्वागत है।", askNeed: "आप क्या ढूँढ रहे हैं?", askBudget: "आपका बजट कितना है?", askTimeline: "आप कब तक खरीदना चाहते हैं?", askRole: "फ़ैसला आप खुद लेंगे?", qualified: "धन्यवाद! क्या मीटिंग बुक करें?", offer: "ये समय खाली हैं:", booked: "हो गया! आपका अपॉइंटमेंट बुक है।", moved: "हो गया! समय बदल दिया गया है।", cancelled: "आपका अपॉइंटमेंट रद्द कर दिया गया है।", handoff: "मैं आपको हमारे सहयोगी से जोड़ रहा हूँ।", optOut: "अब आपको हमारे मैसेज नहीं मिलेंगे।" },
    budget: { amount: 200_000, value: "INR 200000" },
    timeline: { withinDays: 60, value: "within 60 days" },
    role: "decision_maker",
    hint: "Reply in Hindi in Devanagari script",
  },
  hinglish: {
    messages: { greet: "namaste ji", need: "mujhe 2BHK flat chahiye", budget: "budget 1.5 lakh tak hai", timeline: "agle hafte tak", decision: "mere boss decide karenge", book: "kal appointment chahiye", reschedule: "time badalna hai", cancel: "cancel kar do", human: "kisi insaan se baat karni hai", stop: "message band karo" },
    model: { greet: "Namaste! Acme mein aapka swagat hai.", askNeed: "Aap kya dhoondh rahe hain?", askBudget: "Aapka budget kitna hai?", askTimeline: "Aap kab tak lena chahte hain?", askRole: "Decision aap khud lenge?", qualified: "Thank you! Meeting book karein?", offer: "Ye time free hain:", booked: "Ho gaya! Appointment book ho gaya.", moved: "Ho gaya! Time badal diya.", cancelled: "Aapka appointment cancel ho gaya.", handoff: "Main aapko colleague se connect kar raha hoon.", optOut: "Ab aapko hamare messages nahi milenge." },
    budget: { amount: 150_000, value: "INR 150000" },
    timeline: { withinDays: 14, value: "within 14 days" },
    role: "influencer",
    hint: "Reply in Hinglish",
  },
};

/** A turn: what the customer sends (text, or a tap on row N of the last list) and what the model does. */
type TTurnSpec = { say: string } | { tap: number };
function plan(l: TLocale): Array<[TTurnSpec, TFakeStep[]]> {
  const m = l.messages;
  const offer = (purpose: "book" | "reschedule") => (req: TMessagesRequest) =>
    callTools(toolUse("propose_slots", { text: l.model.offer, button: "Slots", purpose, slotIds: offeredSlotIds(req).slice(0, 10) }));
  return [
    [{ say: m.greet }, [callTools(toolUse("reply", { text: l.model.greet }), toolUse("ask", { field: "need", text: l.model.askNeed })), done]],
    [{ say: m.need }, [callTools(toolUse("qualify", { field: "need", value: m.need, raw: m.need }), toolUse("ask", { field: "budget", text: l.model.askBudget })), done]],
    [{ say: m.budget }, [callTools(toolUse("qualify", { field: "budget", value: l.budget.value, raw: m.budget, amount: l.budget.amount, currency: "INR" }), toolUse("ask", { field: "timeline", text: l.model.askTimeline })), done]],
    [{ say: m.timeline }, [callTools(toolUse("qualify", { field: "timeline", value: l.timeline.value, raw: m.timeline, withinDays: l.timeline.withinDays }), toolUse("ask", { field: "decision_role", text: l.model.askRole })), done]],
    [{ say: m.decision }, [callTools(toolUse("qualify", { field: "decision_role", value: l.role, raw: m.decision, role: l.role })), say(l.model.qualified)]],
    [{ say: m.book }, [offer("book"), done]],
    [{ tap: 1 }, [(req) => callTools(toolUse("book", { slotId: listReplyId(req) })), say(l.model.booked)]],
    [{ say: m.reschedule }, [offer("reschedule"), done]],
    [{ tap: 0 }, [(req) => callTools(toolUse("reschedule", { slotId: listReplyId(req) })), say(l.model.moved)]],
    [{ say: m.cancel }, [callTools(toolUse("cancel", {})), say(l.model.cancelled)]],
    [{ say: m.human }, [callTools(toolUse("reply", { text: l.model.handoff }), toolUse("escalate", { reason: "requested", summary: "Customer asked for a person." })), done]],
  ];
}

async function play(chat: ScriptedConversation, spec: TTurnSpec): Promise<TScriptedTurn> {
  if ("say" in spec) return chat.say(spec.say);
  const row = chat.state.lastProposedSlots[spec.tap];
  if (!row) throw new Error("nothing offered to tap");
  return chat.say(row.label, row.id);
}
const scoreOf = (chat: ScriptedConversation) => applyScore(0, chat.turns.flatMap((t) => scoreEventsFromTurn(t)));
const systemOf = (i: number) => (fake.requests[i]!.body as { system: string }).system;

describe.each(["en", "hi", "hinglish"] as const)("Claude engine conversation in %s", (lang) => {
  const l = LOCALES[lang];

  it("qualifies to the rule engine's score, books an offered slot (with an .ics), reschedules, cancels and escalates", async () => {
    fake.reset();
    const viaClaude = new ScriptedConversation(claude(), { now, knowledge: KNOWLEDGE_FIXTURE });
    const viaRules = new ScriptedConversation(rules, { now, knowledge: KNOWLEDGE_FIXTURE });
    for (const [spec, steps] of plan(l)) {
      const firstRequest = fake.requests.length;
      fake.script(...steps);
      const c = (await play(viaClaude, spec)) as TScriptedTurn & TClaudeTurnResult;
      const r = await play(viaRules, spec);
      const label = JSON.stringify(spec);
      expect(c.engine, label).toBe("claude");
      expect(fake.pending(), label).toBe(0);
      expect(types(c), label).toEqual(types(r));
      if ("say" in spec) {
        // (A tapped row's title is a date label in either list; its language says little.)
        expect(c.language, label).toBe(r.language);
        expect(systemOf(firstRequest), label).toContain(l.hint);
      }
    }

    const turns = viaClaude.turns;
    const offer = actionOf(turns[5]!, "propose_slots");
    const book = actionOf(turns[6]!, "book");
    expect(book.slotId).toBe(offer.slots[1]!.id);
    expect(turns[6]!.state.booked).toMatchObject({ slotId: book.slotId, startsAt: offer.slots[1]!.startsAt });
    const ics = buildAppointmentIcs(
      { uid: "appt-1@acme.test", sequence: 0, status: "confirmed", startsAt: new Date(book.startsAt), endsAt: new Date(book.endsAt), summary: "Meeting with Acme", organizer: { name: "Agent" }, attendees: [{ phone: "+919812345678" }] },
      now,
    );
    expect(ics).toContain(`DTSTART:${book.startsAt.replace(/[-:]/g, "").replace(/\.\d{3}/, "")}`);

    const moveOffer = actionOf(turns[7]!, "propose_slots");
    expect(moveOffer.purpose).toBe("reschedule");
    expect(moveOffer.slots.map((s) => s.id)).not.toContain(book.slotId); // never the current slot
    expect(actionOf(turns[8]!, "reschedule")).toMatchObject({ appointmentId: "appt-1", slotId: moveOffer.slots[0]!.id });
    expect(actionOf(turns[9]!, "cancel")).toEqual({ type: "cancel", appointmentId: "appt-1" });
    expect(viaClaude.booked).toEqual([]);
    expect(actionOf(turns[10]!, "escalate").reason).toBe("requested");
    expect(viaClaude.state.handedOff).toBe(true);

    const claudeScore = scoreOf(viaClaude);
    expect(claudeScore.score).toBe(scoreOf(viaRules).score);
    expect(claudeScore.stage).toBe(scoreOf(viaRules).stage);
    expect(claudeScore.score).toBeGreaterThan(50);

    // Handed off: the bot stays silent and the model is not even asked.
    const before = fake.requests.length;
    const silent = (await viaClaude.say("hello?")) as TScriptedTurn & TClaudeTurnResult;
    expect(silent).toMatchObject({ actions: [], engine: "guard" });
    expect(fake.requests.length).toBe(before);
  });

  it("opts out on request and then stays silent", async () => {
    fake.reset();
    const chat = new ScriptedConversation(claude(), { now, knowledge: KNOWLEDGE_FIXTURE });
    const ruleChat = new ScriptedConversation(rules, { now, knowledge: KNOWLEDGE_FIXTURE });
    fake.script(callTools(toolUse("opt_out", { confirmation: l.model.optOut })), done);
    const stop = await chat.say(l.messages.stop);
    expect(types(stop)).toEqual(types(await ruleChat.say(l.messages.stop)));
    expect(actionOf(stop, "opt_out").confirmation).toBe(l.model.optOut);
    expect(chat.state.optedOut).toBe(true);
    const after = await chat.say(l.messages.greet);
    expect(after.actions).toEqual([]);
    expect(fake.requests).toHaveLength(2); // the opt-out turn's two requests; nothing after
  });
});
