import { z } from "zod";
import { scriptCounts, tokenize } from "./text";

/**
 * Languages the bot answers in. `hinglish` is Hindi written in Latin script ("mujhe price batao"),
 * which is how most Indian WhatsApp users type Hindi; it must be answered in Latin-script Hinglish,
 * not in Devanagari (many users read Devanagari slowly on a phone) and not in English.
 */
export const ZBotLanguageSchema = z.enum(["en", "hi", "hinglish"]);
export type TBotLanguage = z.infer<typeof ZBotLanguageSchema>;

export interface TLanguageDetection {
  language: TBotLanguage;
  script: "latin" | "devanagari" | "none";
  /** 0..1. Below ~0.5 the text carries little evidence ("ok", "1", an emoji): keep the conversation's language. */
  confidence: number;
}

/**
 * Romanised Hindi function words and very common verbs. Spelling varies a lot (nahi/nahin/nhi,
 * haan/han/ha); ambiguous ones that are also English words ("main", "me", "to", "is", "hi") are left
 * out or weighted low.
 */
const HINGLISH_WORDS: Record<string, number> = Object.fromEntries(
  [
    ...["hai", "hain", "haan", "han", "nahi", "nahin", "nhi", "nai", "kya", "kyaa", "kyu", "kyun", "kyon"],
    ...["mujhe", "mujhko", "mera", "meri", "mere", "hum", "humein", "hamara", "aap", "aapka", "aapki", "apna", "tum", "tera"],
    ...["chahiye", "chaiye", "chahie", "batao", "bataiye", "bataye", "bata", "karo", "kariye", "karna", "karni", "karenge", "karunga", "karungi", "karega", "karegi", "kar", "dijiye", "dena", "do", "lena"],
    ...["kitna", "kitne", "kitni", "kab", "kahan", "kaha", "kaise", "kaun", "kon", "kuch", "sab", "bahut", "bohot", "accha", "acha", "achha", "theek", "thik", "ji"],
    ...["kal", "aaj", "parso", "abhi", "baje", "subah", "shaam", "sham", "raat", "din", "hafte", "hafta", "mahine", "mahina", "saal", "agle", "agla", "pichle"],
    ...["wala", "wali", "wale", "ke", "ka", "ki", "ko", "se", "par", "pe", "mein", "mai", "mei", "bhi", "toh", "aur", "ya", "lekin", "magar", "sirf"],
    ...["milna", "milega", "milegi", "sakta", "sakte", "sakti", "hoga", "hogi", "tha", "thi", "raha", "rahi", "rahe", "gaya", "gayi", "bhai", "yaar", "shukriya", "dhanyavad", "dhanyawad", "namaste", "namaskar"],
    ...["band", "mat", "bhejo", "bakwas", "bekaar", "bekar", "ghatiya", "dhokha", "paisa", "paise", "wapas", "daam", "keemat", "kimat", "pehla", "pahla", "doosra", "dusra", "teesra", "tisra", "khud", "decide"],
  ].map((w) => [w, 1]),
);
// Weak evidence: words shared with English or too short to trust on their own.
for (const w of ["ke", "ka", "ki", "ko", "se", "do", "par", "pe", "kar", "ya", "mai", "decide", "band", "din", "ji", "bhi"]) HINGLISH_WORDS[w] = 0.4;

const ENGLISH_WORDS = new Set(
  [
    ...["the", "a", "an", "is", "are", "am", "was", "were", "be", "been", "do", "does", "did", "have", "has", "had"],
    ...["i", "you", "we", "they", "he", "she", "it", "my", "your", "our", "me", "us", "this", "that", "these", "those"],
    ...["what", "when", "where", "why", "how", "which", "who", "can", "could", "would", "should", "will", "shall", "may"],
    ...["please", "want", "need", "like", "know", "tell", "get", "book", "price", "cost", "much", "many", "time", "open", "close"],
    ...["and", "or", "but", "with", "for", "from", "about", "of", "in", "on", "at", "to", "not", "no", "yes", "thanks", "thank"],
    ...["hello", "hey", "good", "morning", "evening", "tomorrow", "today", "next", "month", "week", "year", "appointment", "there"],
  ],
);

const HINGLISH_PAIRS = new Set(["kar do", "kar dijiye", "kar diya", "kar dena", "kar sakte", "ho gaya", "ho jayega", "de do", "bata do", "mat karo"]);

/** Detect English, Hindi (Devanagari) or Hinglish (romanised Hindi) with a confidence. */
export function detectLanguage(text: string): TLanguageDetection {
  const { devanagari, latin } = scriptCounts(text);
  if (devanagari === 0 && latin === 0) return { language: "en", script: "none", confidence: 0 };

  // Any meaningful Devanagari means the user writes Hindi in its own script, even with English
  // words mixed in ("मुझे price बताओ"): answer in Devanagari.
  if (devanagari > 0 && devanagari >= latin * 0.5) {
    const share = devanagari / (devanagari + latin);
    return { language: "hi", script: "devanagari", confidence: round(0.6 + 0.4 * share) };
  }

  const tokens = tokenize(text).filter((t) => /[a-z]/.test(t));
  if (tokens.length === 0) return { language: "en", script: "latin", confidence: 0 };
  let hinglish = 0;
  let english = 0;
  for (const t of tokens) {
    const h = HINGLISH_WORDS[t];
    if (h !== undefined) hinglish += h;
    if (ENGLISH_WORDS.has(t)) english += h !== undefined ? 0.5 : 1;
  }
  // Light-verb pairs ("kar do", "ho gaya") are unmistakably Hindi even when each word alone is weak.
  for (let i = 0; i + 1 < tokens.length; i++) {
    if (HINGLISH_PAIRS.has(`${tokens[i]} ${tokens[i + 1]}`)) hinglish += 1;
  }
  const evidence = hinglish + english;
  if (evidence === 0) {
    // Only unknown words (names, product words): weak guess of English.
    return { language: "en", script: "latin", confidence: round(Math.min(0.4, 0.1 * tokens.length)) };
  }
  const coverage = Math.min(1, evidence / tokens.length);
  if (hinglish >= 1 && hinglish >= english) {
    const margin = hinglish / evidence;
    return { language: "hinglish", script: "latin", confidence: round(Math.min(0.99, 0.35 + 0.35 * margin + 0.3 * coverage)) };
  }
  const margin = english / evidence;
  return { language: "en", script: "latin", confidence: round(Math.min(0.99, 0.3 + 0.35 * margin + 0.3 * coverage)) };
}

/**
 * The language to answer in: the detected one when the message carries enough evidence, else the
 * conversation's current language (a bare "1" or "ok" must not switch a Hindi conversation to English).
 */
export function chooseReplyLanguage(detection: TLanguageDetection, current: TBotLanguage | undefined, threshold = 0.5): TBotLanguage {
  if (detection.confidence >= threshold) return detection.language;
  return current ?? detection.language;
}

const round = (n: number): number => Math.round(n * 100) / 100;
