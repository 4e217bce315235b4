import { describe, expect, it } from "vitest";
import { classifyIntent } from "./intents";

describe("classifyIntent", () => {
  it.each([
    ["hi", "greeting"], ["Good morning!", "greeting"], ["namaste", "greeting"], ["नमस्ते", "greeting"],
    ["what's the price?", "pricing"], ["how much is the pro plan", "pricing"], ["mujhe price batao", "pricing"], ["kitna hai", "pricing"], ["कीमत क्या है", "pricing"], ["hi, what are your rates?", "pricing"],
    ["what are your opening hours", "hours"], ["kitne baje khulta hai", "hours"], ["आप कब तक खुले हैं", "hours"],
    ["where is your office", "location"], ["address bhejo", "location"], ["आपकी दुकान कहाँ है", "location"],
    ["I want to book an appointment", "book"], ["kal appointment chahiye", "book"], ["अपॉइंटमेंट बुक करना है", "book"], ["can we schedule a demo?", "book"],
    ["I need to reschedule", "reschedule"], ["can I change my appointment to another time", "reschedule"], ["time badalna hai", "reschedule"], ["समय बदलना है", "reschedule"],
    ["cancel my appointment", "cancel"], ["appointment cancel kar do", "cancel"], ["अपॉइंटमेंट रद्द करो", "cancel"],
    ["I want to talk to a human", "human"], ["connect me to an agent", "human"], ["kisi insaan se baat karni hai", "human"], ["मुझे किसी से बात करनी है", "human"],
    ["stop", "stop"], ["STOP!", "stop"], ["unsubscribe", "stop"], ["stop messaging me", "stop"], ["band karo", "stop"], ["message mat bhejo", "stop"], ["रोको", "stop"], ["मैसेज बंद करो", "stop"],
    ["thanks!", "thanks"], ["shukriya", "thanks"], ["धन्यवाद", "thanks"],
    ["the weather is nice", "unknown"], ["asdfgh", "unknown"],
  ] as const)("%s → %s", (text, intent) => {
    expect(classifyIntent(text).intent).toBe(intent);
  });

  it.each(["can I stop by tomorrow?", "bas", "ruko zara", "don't stop the demo", "end of month works"])("'%s' is not an opt-out", (text) => {
    expect(classifyIntent(text).intent).not.toBe("stop");
  });

  it("lists every intent it saw, highest priority first", () => {
    expect(classifyIntent("hi, cancel my appointment please").matched).toEqual(["cancel", "book", "greeting"]);
  });
});
