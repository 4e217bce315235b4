import type { TDecisionRole } from "./actions";
import { normalizeText, phraseRegex, tokenize } from "./text";

/**
 * Parsers for qualification answers (need, budget, timeline, decision role) in English, Hinglish
 * and Hindi. Each returns null when the text does not answer the question.
 *
 * Indian-number quirks: "50k", "2 lakh" (100,000), "1.5 cr" (10,000,000), "2,00,000" (lakh-style
 * comma grouping), "50 hazaar"; Devanagari digits and nukta spellings are folded by normalizeText.
 */

export interface TBudgetAnswer {
  amount: number;
  currency: string;
  value: string;
}
export interface TTimelineAnswer {
  withinDays: number;
  value: string;
}
export interface TDecisionRoleAnswer {
  role: TDecisionRole;
  value: string;
}

const DONT_KNOW_RE = phraseRegex([
  "don't know", "dont know", "do not know", "not sure", "no idea", "not decided", "undecided", "skip", "no budget", "later", "just browsing", "just looking",
  "pata nahi", "pata nahin", "maloom nahi", "malum nahi", "abhi decide nahi", "baad mein", "baad me", "sochna padega",
  "पता नहीं", "मालूम नहीं", "बाद में", "अभी तय नहीं", "सोचना पड़ेगा",
]);

/** "I don't know" / "skip" in any of the three languages: recorded as unknown, not as a failure. */
export function isDontKnow(text: string): boolean {
  return DONT_KNOW_RE.test(normalizeText(text));
}

const UNIT_MULTIPLIERS: Array<[RegExp, number]> = [
  [/^(?:k|thousand|thousands|hazar|hazaar|hajar|hazzar|हजार)$/u, 1_000],
  [/^(?:l|lakh|lakhs|lac|lacs|laakh|लाख)$/u, 100_000],
  [/^(?:cr|crore|crores|करोड)$/u, 10_000_000],
  [/^(?:m|mn|million|millions)$/u, 1_000_000],
];
const CURRENCIES: Array<[RegExp, string]> = [
  [/₹|\b(?:rs|inr|rupees?|rupaye|rupaiye)\b|रुपये|रुपए|रुपया/u, "INR"],
  [/\$|\b(?:usd|dollars?)\b/u, "USD"],
  [/€|\b(?:eur|euros?)\b/u, "EUR"],
  [/£|\b(?:gbp|pounds?)\b/u, "GBP"],
];
/** Numbers followed by these are durations, not money ("3 months"). */
const TIME_UNIT_RE = /^(?:day|days|week|weeks|month|months|year|years|yr|yrs|din|hafte|hafta|mahine|mahina|saal|baje|am|pm|दिन|हफ्ते|हफ्ता|महीने|महीना|साल|बजे)$/u;
const BUDGET_WORD_RE = phraseRegex(["budget", "bajat", "बजट", "spend", "around", "approx", "approximately", "upto", "up to", "max", "maximum", "tak", "तक", "लगभग", "karib", "kareeb"]);

/**
 * A budget amount. `requireMarker` (for messages that were not an answer to the budget question)
 * insists on a currency, a unit (k/lakh/crore) or the word "budget", so "I need 2 rooms" is not ₹2.
 */
export function parseBudget(text: string, options: { defaultCurrency?: string; requireMarker?: boolean } = {}): TBudgetAnswer | null {
  const s = normalizeText(text);
  let currency: string | undefined;
  for (const [re, code] of CURRENCIES) if (re.test(s)) currency = currency ?? code;
  const re = /(\d+(?:[.,]\d+)*)\s*([\p{L}\p{M}]+)?/gu;
  let best: number | null = null;
  let sawUnit = false;
  for (const m of s.matchAll(re)) {
    const digits = m[1] ?? "";
    const word = m[2] ?? "";
    if (TIME_UNIT_RE.test(word)) continue;
    // "1.5" is a decimal; "2,00,000" and "50,000" are grouped thousands.
    const n = /^\d+\.\d{1,2}$/.test(digits) ? Number.parseFloat(digits) : Number.parseFloat(digits.replace(/[.,]/g, ""));
    if (!Number.isFinite(n)) continue;
    let amount = n;
    for (const [unitRe, mult] of UNIT_MULTIPLIERS) {
      if (unitRe.test(word)) {
        amount = n * mult;
        sawUnit = true;
      }
    }
    // A bare small number without unit or currency is more likely a count or an option number.
    if (amount < 100 && !currency) continue;
    if (best === null || amount > best) best = amount;
  }
  if (best === null) return null;
  if (options.requireMarker && !currency && !sawUnit && !BUDGET_WORD_RE.test(s)) return null;
  const code = currency ?? options.defaultCurrency ?? "INR";
  const amount = Math.round(best * 100) / 100;
  return { amount, currency: code, value: `${code} ${amount}` };
}

const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, ek: 1, "एक": 1, two: 2, do: 2, "दो": 2, couple: 2, three: 3, teen: 3, "तीन": 3, few: 3,
  four: 4, char: 4, chaar: 4, "चार": 4, five: 5, paanch: 5, panch: 5, "पांच": 5, "पाँच": 5, six: 6, chhe: 6, chhah: 6, "छह": 6, "छः": 6,
  twelve: 12, barah: 12, "बारह": 12,
};
const DURATION_UNITS: Array<[RegExp, number, string]> = [
  [/^(?:day|days|din|दिन|dino|दिनों)$/u, 1, "days"],
  [/^(?:week|weeks|hafte|hafta|hafton|हफ्ते|हफ्ता|हफ्तों|सप्ताह)$/u, 7, "weeks"],
  [/^(?:month|months|mahine|mahina|mahino|महीने|महीना|महीनों)$/u, 30, "months"],
  [/^(?:year|years|yr|yrs|saal|साल|वर्ष)$/u, 365, "years"],
];
const RELATIVE_TIMELINES: Array<[RegExp, number]> = [
  [phraseRegex(["asap", "immediately", "right away", "right now", "urgent", "urgently", "today", "now", "abhi", "turant", "aaj", "aaj hi", "तुरंत", "अभी", "आज", "फौरन"]), 1],
  [phraseRegex(["tomorrow", "kal", "कल"]), 2],
  [phraseRegex(["this week", "is hafte", "isi hafte", "इस हफ्ते", "इसी हफ्ते", "soon", "jaldi", "जल्दी"]), 7],
  [phraseRegex(["next week", "agle hafte", "agla hafta", "अगले हफ्ते", "अगले सप्ताह"]), 14],
  [phraseRegex(["this month", "is mahine", "isi mahine", "इस महीने", "इसी महीने"]), 30],
  [phraseRegex(["next month", "agle mahine", "agla mahina", "अगले महीने", "अगला महीना"]), 60],
  [phraseRegex(["this year", "is saal", "इस साल", "next year", "agle saal", "अगले साल"]), 365],
];

/** When the user expects to buy, as "within N days". */
export function parseTimeline(text: string): TTimelineAnswer | null {
  const tokens = tokenize(text);
  for (let i = 0; i < tokens.length; i++) {
    const unit = DURATION_UNITS.find(([re]) => re.test(tokens[i + 1] ?? ""));
    if (!unit) continue;
    const t = tokens[i] ?? "";
    const n = /^\d+(?:\.\d+)?$/.test(t) ? Number.parseFloat(t) : NUMBER_WORDS[t];
    if (n === undefined || n <= 0) continue;
    const days = Math.max(1, Math.round(n * unit[1]));
    return { withinDays: days, value: `within ${days} days` };
  }
  // "a month" / "ek mahina" without a number in front.
  const s = normalizeText(text);
  for (const [re, days] of RELATIVE_TIMELINES) if (re.test(s)) return { withinDays: days, value: `within ${days} days` };
  for (const [unitRe, mult] of DURATION_UNITS) {
    if (tokens.some((t) => unitRe.test(t))) return { withinDays: mult, value: `within ${mult} days` };
  }
  return null;
}

const SELF_RE = phraseRegex([
  "i decide", "i will decide", "i'll decide", "i do", "i will", "me", "myself", "me only", "only me", "i am the owner", "i'm the owner", "owner", "my decision", "i am the decision maker", "i'm the decision maker", "decision maker", "mine",
  "main", "mai", "mein khud", "main khud", "mai khud", "khud", "mera decision", "mera faisla", "main decide", "mai decide", "main hi", "mai hi", "decide karunga", "decide karungi", "decide main",
  "मैं", "मैं खुद", "खुद", "मेरा फैसला", "मैं तय", "मैं ही", "मालिक",
]);
const OTHER_RE = phraseRegex([
  "my boss", "boss", "manager", "my manager", "management", "director", "my wife", "my husband", "wife", "husband", "my father", "my dad", "my mother", "my mom", "parents", "family", "someone else", "committee", "board", "ceo", "founder", "owner decides", "head office", "purchase team", "procurement",
  "papa", "mummy", "ghar wale", "gharwale", "biwi", "pati", "sir decide", "boss decide", "unka decision", "woh decide", "wo decide", "mere boss", "mere papa", "mere pati", "meri wife",
  "बॉस", "मैनेजर", "पिताजी", "पापा", "माँ", "घरवाले", "घर वाले", "पत्नी", "पति", "मालिक तय", "वो तय", "वे तय", "मेरे बॉस",
]);
const TOGETHER_RE = phraseRegex([
  "together", "we decide", "we will decide", "we'll decide", "we both", "both of us", "jointly", "with my", "along with",
  "milkar", "mil kar", "hum dono", "dono milkar", "saath mein", "saath me", "sath mein", "hum decide",
  "मिलकर", "मिल कर", "हम दोनों", "साथ में", "हम तय",
]);

/** Who decides: the user, the user with others, or someone else. */
export function parseDecisionRole(text: string): TDecisionRoleAnswer | null {
  const s = normalizeText(text);
  const together = TOGETHER_RE.test(s);
  const other = OTHER_RE.test(s);
  const self = SELF_RE.test(s);
  let role: TDecisionRole | null = null;
  if (together || (self && other && hasBothSubjects(s))) role = "shared";
  else if (other) role = "influencer";
  else if (self) role = "decision_maker";
  return role ? { role, value: role } : null;
}

/** "me and my wife" names both; "my boss decides, not me" still means someone else decides. */
function hasBothSubjects(s: string): boolean {
  return /(?:\band\b|\baur\b|और|\bwith\b|\bke saath\b|के साथ)/u.test(s) && !/(?:\bnot me\b|\bmain nahi\b|मैं नहीं)/u.test(s);
}

const NOT_A_NEED = new Set(["yes", "no", "ok", "okay", "k", "haan", "han", "ha", "nahi", "nahin", "hmm", "hm", "sure", "हाँ", "हां", "नहीं", "ठीक"]);

/** A free-text need ("a 2BHK flat near the metro"); short acknowledgements are not needs. */
export function parseNeed(text: string): string | null {
  const tokens = tokenize(text);
  if (tokens.length === 0) return null;
  if (tokens.every((t) => NOT_A_NEED.has(t))) return null;
  const trimmed = text.trim().replace(/\s+/g, " ");
  if (trimmed.length < 2) return null;
  return trimmed.length > 200 ? `${trimmed.slice(0, 197)}...` : trimmed;
}
