import { normalizeText, phraseRegex } from "./text";

/**
 * A small negative-sentiment lexicon in English, Hinglish and Hindi. Deliberately conservative: it
 * only has to notice an upset customer well enough to hand them to a human, and a false positive
 * merely brings a person in early. Weight 2 = strong (one is enough to escalate), 1 = mild.
 */
const STRONG = [
  "worst", "pathetic", "horrible", "terrible", "disgusting", "fraud", "fraudster", "scam", "scammer", "cheat", "cheated", "cheater", "cheating",
  "refund now", "want my money back", "give my money back", "consumer court", "legal action", "police complaint", "never again", "waste of money", "waste of time",
  "bakwas", "bakwaas", "ghatiya", "dhokha", "dhokhebaaz", "dhokebaaz", "chor", "chutiya", "paisa wapas", "paise wapas", "paisa wapas karo", "bekaar service", "bekar service",
  "बकवास", "घटिया", "धोखा", "धोखाधड़ी", "धोखेबाज़", "धोखेबाज", "चोर", "फ्रॉड", "पैसे वापस", "पैसा वापस", "रिफंड",
];
const MILD = [
  "bad", "very bad", "poor", "useless", "annoying", "annoyed", "angry", "frustrated", "disappointed", "complaint", "rude", "slow", "not happy", "unhappy",
  "bekaar", "bekar", "faltu", "bura", "kharab", "pareshan", "gussa",
  "बेकार", "फ़ालतू", "फालतू", "बुरा", "ख़राब", "खराब", "परेशान", "गुस्सा", "शिकायत",
];
/** Negators that flip a following mild word ("not bad", "bura nahi"). */
const NEGATED_MILD = ["not bad", "not that bad", "no complaint", "no complaints", "bura nahi", "kharab nahi", "बुरा नहीं", "खराब नहीं"];

const global = (re: RegExp): RegExp => new RegExp(re.source, "gu");
const STRONG_RE = global(phraseRegex(STRONG));
const MILD_RE = global(phraseRegex(MILD));
const NEGATED_RE = global(phraseRegex(NEGATED_MILD));

export interface TSentiment {
  /** ≤ 0; more negative is angrier. */
  score: number;
  label: "negative" | "neutral";
  matches: string[];
}

/** Score the negative sentiment of one message. */
export function detectSentiment(text: string): TSentiment {
  let s = normalizeText(text);
  const matches: string[] = [];
  let score = 0;
  s = s.replace(NEGATED_RE, " ");
  for (const m of s.matchAll(STRONG_RE)) {
    matches.push(m[0]);
    score -= 2;
  }
  const withoutStrong = s.replace(STRONG_RE, " ");
  for (const m of withoutStrong.matchAll(MILD_RE)) {
    matches.push(m[0]);
    score -= 1;
  }
  // Shouting ("WORST!!!") makes a negative message more negative, never a neutral one negative.
  if (score < 0 && /!{2,}/.test(text)) score -= 1;
  return { score, label: score <= NEGATIVE_THRESHOLD ? "negative" : "neutral", matches };
}

/** Scores at or below this escalate to a human. */
export const NEGATIVE_THRESHOLD = -2;
