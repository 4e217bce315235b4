import { offeredSlotIds, systemText, text, toolUse, type TFakeMessageStep } from "./script";
import { textOf, type TMessagesRequest } from "./wire";

/**
 * The fake's "policy" mode: a deterministic stand-in for the model, good enough for the demo when
 * ANTHROPIC_BASE_URL points at the fake and no script is queued. It reads the last customer
 * message (our <customer_message> wrapper) and the offered slot ids from the system prompt, and
 * answers with tool calls the way a well-behaved model would. It only calls tools the request offers.
 */
const has = (re: RegExp, s: string) => re.test(s);
const DEVANAGARI = /[\u0900-\u097F]/;
const HINGLISH = /\b(hai|kya|mujhe|karo|kar do|chahiye|batao|kal|baje|nahi|aap)\b/i;

function say3(lang: "en" | "hi" | "hinglish", en: string, hi: string, hinglish: string): string {
  return lang === "hi" ? hi : lang === "hinglish" ? hinglish : en;
}

export function policyResponse(request: TMessagesRequest): TFakeMessageStep {
  const step = decide(request);
  // When the request offers none of the tools the policy wanted, answer with text instead.
  return step.content.length > 0 ? step : { content: [text("OK")], stop_reason: "end_turn" };
}

function decide(request: TMessagesRequest): TFakeMessageStep {
  const tools = new Set((request.tools ?? []).map((t) => t.name));
  const last = request.messages.at(-1)!;
  const lastBlocks = typeof last.content === "string" ? [] : last.content;
  const customerTexts = request.messages.filter((m) => m.role === "user").map((m) => textOf(m.content)).filter((t) => t.includes("customer_message"));
  const customerRaw = customerTexts.at(-1) ?? textOf(last.content);
  const customer = customerRaw.replace(/<\/?customer_message[^>]*>/g, "").trim();
  const lang = DEVANAGARI.test(customer) ? "hi" : HINGLISH.test(customer) ? "hinglish" : "en";

  // Second round: our tool results came back — close with a short confirmation (or an apology).
  if (lastBlocks.some((b) => b.type === "tool_result")) {
    const failed = lastBlocks.some((b) => b.type === "tool_result" && b.is_error);
    return {
      content: [text(failed ? say3(lang, "Sorry, I can't do that. I can help with your own enquiry and appointment.", "माफ़ कीजिए, यह संभव नहीं है।", "Sorry, ye possible nahi hai.") : say3(lang, "Done! ✅", "हो गया! ✅", "Ho gaya! ✅"))],
      stop_reason: "end_turn",
    };
  }

  const system = systemText(request);
  const slots = offeredSlotIds(request);
  const booked = !/appointment: none/.test(system);
  const listReply = /list_reply_id="([^"]+)"/.exec(customerRaw)?.[1];
  const s = customer.toLowerCase();
  const call = (name: string, input: Record<string, unknown>) => (tools.has(name) ? [toolUse(name, input)] : []);

  if (has(/\b(stop|unsubscribe|band karo)\b|बंद/, s)) {
    return { content: call("opt_out", { confirmation: say3(lang, "You won't get more messages from us.", "अब आपको हमारे संदेश नहीं मिलेंगे।", "Ab aapko hamare messages nahi milenge.") }) };
  }
  if (has(/\b(human|agent|person|insaan|manager)\b|इंसान|एजेंट/, s)) {
    return {
      content: [
        ...call("reply", { text: say3(lang, "Connecting you to a colleague.", "मैं आपको हमारे सहयोगी से जोड़ रहा हूँ।", "Main aapko colleague se connect kar raha hoon.") }),
        ...call("escalate", { reason: "requested", summary: "Customer asked for a person." }),
      ],
    };
  }
  if (has(/\bcancel|radd|रद्द|कैंसल/, s) && booked) return { content: call("cancel", {}) };
  if (listReply && slots.includes(listReply)) return { content: call(booked ? "reschedule" : "book", { slotId: listReply }) };
  if (has(/reschedul|badal|बदल/, s) && booked && slots.length > 0) {
    return { content: call("propose_slots", { text: say3(lang, "Pick a new time:", "नया समय चुनिए:", "Naya time chuniye:"), button: "Slots", purpose: "reschedule", slotIds: slots.slice(0, 5) }) };
  }
  if (has(/\b(book|appointment|meeting|demo)\b|बुक|अपॉइंटमेंट/, s) && slots.length > 0) {
    return { content: call("propose_slots", { text: say3(lang, "Here are some free times:", "ये समय खाली हैं:", "Ye time free hain:"), button: "Slots", purpose: "book", slotIds: slots.slice(0, 5) }) };
  }
  const answer = /\n {2}A: (.+)/.exec(system)?.[1];
  return {
    content: [text(answer ?? say3(lang, "Thanks for your message! I can help with prices, timings or booking a meeting.", "संदेश के लिए धन्यवाद! मैं कीमत, समय या मीटिंग बुक करने में मदद कर सकता हूँ।", "Message ke liye thanks! Main price, timing ya meeting book karne mein madad kar sakta hoon."))],
    stop_reason: "end_turn",
  };
}
