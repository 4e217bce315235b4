import { normalizeText, phraseRegex, tokenize } from "./text";

/** What the user wants, as far as the rule engine can tell. */
export type TIntent =
  | "stop"
  | "human"
  | "cancel"
  | "reschedule"
  | "book"
  | "pricing"
  | "hours"
  | "location"
  | "thanks"
  | "greeting"
  | "unknown";

/**
 * Phrases per intent in English, Hinglish (with its common spelling variants) and Hindi. When
 * several intents match, the earlier one in this list wins: "cancel my appointment" is a cancel,
 * not a booking; "hi, what's the price" is a pricing question; "kitne baje khulta hai" asks
 * for hours, although "kitne" alone would be a price question.
 */
const INTENT_PHRASES: ReadonlyArray<[Exclude<TIntent, "unknown" | "stop">, string[]]> = [
  [
    "human",
    [
      "human", "real person", "a person", "talk to someone", "speak to someone", "talk to somebody", "speak to somebody", "someone from your team",
      "agent", "representative", "executive", "customer care", "customer service", "call me", "call me back", "talk to a manager", "speak to a manager", "talk to your manager", "operator", "live chat", "manager se baat",
      "insaan", "insan", "kisi se baat", "kisi aadmi se", "banda", "agent se baat", "executive se baat", "baat karni hai", "baat karwao", "call karo", "call kijiye",
      "इंसान", "किसी से बात", "एजेंट", "व्यक्ति से बात", "बात करवाइए", "बात करनी है", "कॉल करो", "कॉल कीजिए", "कस्टमर केयर",
    ],
  ],
  [
    "cancel",
    [
      "cancel", "cancelled", "canceled", "cancellation", "call off", "won't come", "will not come", "can't come", "cannot come",
      "radd", "cancel karo", "cancel kar do", "nahi aa paunga", "nahi aa paungi", "nahi aa sakta", "nahi aa sakti",
      "रद्द", "कैंसल", "कैंसिल", "नहीं आ पाऊँगा", "नहीं आ पाऊंगा", "नहीं आ सकता", "नहीं आ सकती",
    ],
  ],
  [
    "reschedule",
    [
      "reschedule", "re-schedule", "rescheduling", "postpone", "prepone", "change my appointment", "change the appointment", "change appointment",
      "move my appointment", "move the appointment", "another time", "different time", "another slot", "different slot", "change the time", "change time", "other time",
      "time badalna", "time badal", "badal do", "badalna hai", "doosra time", "dusra time", "time change", "shift kar do", "aage kar do", "peeche kar do",
      "समय बदल", "समय बदलना", "बदलना है", "बदल दो", "बदलें", "दूसरा समय", "रीशेड्यूल", "री-शेड्यूल", "आगे कर दो",
    ],
  ],
  [
    "book",
    [
      "book", "booking", "appointment", "appoinment", "schedule", "meeting", "meet", "demo", "visit", "slot", "consultation", "site visit", "test drive",
      "milna hai", "milna chahta", "milna chahti", "mil sakte", "appointment chahiye", "book karo", "book kar do", "book karna", "aana hai", "visit karna",
      "अपॉइंटमेंट", "अपोइंटमेंट", "मिलना", "मीटिंग", "बुक", "बुकिंग", "डेमो", "मिलने",
    ],
  ],
  [
    "hours",
    [
      "hours", "opening hours", "timing", "timings", "what time", "when are you open", "when do you open", "when do you close", "open today", "open on", "are you open", "working hours", "business hours", "closing time",
      "kab khulta", "kab khulte", "kab band", "kab tak", "kitne baje", "khule", "khulta", "khulega", "time kya hai", "timing kya",
      "समय", "खुलता", "खुलते", "खुला", "बंद होता", "कब तक", "कितने बजे", "टाइमिंग",
    ],
  ],
  [
    "pricing",
    [
      "price", "prices", "pricing", "cost", "costs", "how much", "rate", "rates", "fee", "fees", "charges", "charge", "quote", "quotation", "tariff", "plans", "package", "packages", "emi", "discount", "offers",
      "kitna", "kitne", "kitni", "kitne ka", "kitne ki", "daam", "dam", "keemat", "kimat", "kimmat", "rate kya", "price batao", "paisa", "paise",
      "कीमत", "क़ीमत", "दाम", "कितना", "कितने", "कितनी", "शुल्क", "फीस", "फ़ीस", "प्राइस", "रेट", "पैसे", "खर्च",
    ],
  ],
  [
    "location",
    [
      "where", "address", "location", "located", "directions", "map", "branch", "office address", "how to reach", "find you", "nearest",
      "kahan", "kaha", "kidhar", "address bhejo", "location bhejo", "pata bhejo", "pata batao", "kaise pahunche", "kaise aaye",
      "कहाँ", "कहां", "किधर", "पता बताओ", "पता भेजो", "पता क्या", "एड्रेस", "लोकेशन", "कैसे पहुँचे", "कैसे पहुंचे",
    ],
  ],
  [
    "thanks",
    [
      "thanks", "thank you", "thank u", "thx", "ty", "thankyou", "great thanks", "cheers",
      "shukriya", "dhanyavad", "dhanyawad", "dhanyvad", "bahut badhiya",
      "धन्यवाद", "शुक्रिया", "बहुत बढ़िया",
    ],
  ],
  [
    "greeting",
    [
      "hi", "hii", "hiii", "hello", "helo", "hey", "good morning", "good afternoon", "good evening", "greetings", "yo",
      "namaste", "namaskar", "namaskaar", "ram ram", "salaam", "kaise ho", "kaise hain",
      "नमस्ते", "नमस्कार", "राम राम", "प्रणाम", "कैसे हो", "कैसे हैं",
    ],
  ],
];

/**
 * Opt-out needs care: "stop" alone or "stop messaging me" is an opt-out, but "can I stop by
 * tomorrow" is not. So: explicit opt-out phrases anywhere, and the bare word only in a short
 * message. Opt-out is checked first and always wins.
 */
const STOP_EXPLICIT = phraseRegex([
  "unsubscribe", "opt out", "opt-out", "optout", "stop messaging", "stop texting", "stop sending", "stop contacting", "stop these messages", "stop all messages",
  "don't message me", "do not message me", "don't text me", "do not contact me", "don't contact me", "remove me", "remove my number",
  "band karo", "band kar do", "band kijiye", "message mat karo", "message mat bhejo", "mat bhejo", "msg mat karo", "message band", "messages band",
  "रोको", "रोकिए", "बंद करो", "बंद कर दो", "बंद कीजिए", "मैसेज मत भेजो", "मत भेजो", "मैसेज बंद",
]);
// Not "bas" (= "that's all") or "ruko" (= "wait"): opting out is not undone by the bot, so only unambiguous words.
const STOP_BARE = new Set(["stop", "stopp", "end", "quit", "unsub", "roko", "रोको", "रोकें"]);

const INTENT_RES: ReadonlyArray<[TIntent, RegExp]> = INTENT_PHRASES.map(([intent, phrases]) => [intent, phraseRegex(phrases)]);

export interface TIntentMatch {
  intent: TIntent;
  /** 0..1 */
  confidence: number;
  /** Every intent whose phrases appear, in priority order. */
  matched: TIntent[];
}

export function classifyIntent(text: string): TIntentMatch {
  const normalized = normalizeText(text);
  const tokens = tokenize(text);
  if (STOP_EXPLICIT.test(normalized) || (tokens.length > 0 && tokens.length <= 3 && STOP_BARE.has(tokens.join(" ")))) {
    return { intent: "stop", confidence: 0.95, matched: ["stop"] };
  }
  if (tokens.length > 0 && tokens.length <= 3 && tokens[0] !== undefined && STOP_BARE.has(tokens[0]) && tokens.every((t) => STOP_BARE.has(t) || ["it", "please", "pls", "plz", "now", "karo", "all"].includes(t))) {
    return { intent: "stop", confidence: 0.9, matched: ["stop"] };
  }
  const matched: TIntent[] = [];
  for (const [intent, re] of INTENT_RES) if (re.test(normalized)) matched.push(intent);
  const first = matched[0];
  if (!first) return { intent: "unknown", confidence: 0, matched };
  // A long message that only greets or thanks is probably about something we did not catch.
  const socialOnly = first === "greeting" || first === "thanks";
  const confidence = socialOnly && tokens.length > 6 ? 0.5 : matched.length > 2 ? 0.7 : 0.85;
  return { intent: first, confidence, matched };
}
