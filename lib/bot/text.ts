/**
 * Small text helpers shared by the offline bot modules (language, intents, sentiment, knowledge,
 * answer parsers). Pure functions, no I/O.
 *
 * Outside-world quirks handled here:
 * - WhatsApp users type Devanagari digits (०-९) as often as ASCII ones; we fold them to ASCII.
 * - JavaScript's `\b` only knows ASCII word characters, so it never matches around Devanagari
 *   (whose vowel signs are Unicode "marks", \p{M}). `phraseRegex` builds Unicode-aware boundaries.
 * - Nukta forms (क़ ख़ ग़ ज़ फ़ ड़ ढ़) are typed both precomposed and as letter + U+093C; NFC/NFD
 *   disagree on some of them, so we strip the nukta entirely before matching.
 */

const DEVANAGARI_DIGITS = "०१२३४५६७८९";

/** Lower-case, NFC, fold Devanagari digits, drop the nukta, collapse whitespace. */
export function normalizeText(input: string): string {
  let s = input.normalize("NFD").replace(/\u093C/g, "").normalize("NFC").toLowerCase();
  s = s.replace(/[०-९]/g, (d) => String(DEVANAGARI_DIGITS.indexOf(d)));
  // Curly quotes and dashes from phone keyboards.
  s = s.replace(/[\u2018\u2019]/g, "'").replace(/[\u201C\u201D]/g, '"').replace(/[\u2013\u2014]/g, "-");
  return s.replace(/\s+/g, " ").trim();
}

/** Word tokens (letters with their combining marks, digits). Punctuation and emoji are dropped. */
export function tokenize(input: string): string[] {
  return normalizeText(input).match(/[\p{L}\p{M}\p{N}]+(?:'[\p{L}]+)?/gu) ?? [];
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A regex matching any of the phrases as whole words (Unicode-aware boundaries). Phrases are
 * literal text; spaces inside a phrase match any run of whitespace/punctuation.
 */
export function phraseRegex(phrases: readonly string[]): RegExp {
  const alternatives = phrases
    .map((p) => normalizeText(p))
    .filter((p) => p.length > 0)
    .sort((a, b) => b.length - a.length)
    .map((p) => p.split(" ").map(escapeRegex).join("[\\s\\p{P}]+"));
  return new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])(?:${alternatives.join("|")})(?![\\p{L}\\p{M}\\p{N}])`, "u");
}

/** True when the text contains any of the phrases as whole words. */
export function hasPhrase(text: string, re: RegExp): boolean {
  return re.test(normalizeText(text));
}

export function isDevanagariChar(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return c >= 0x0900 && c <= 0x097f;
}

/** Counts of Devanagari and Latin letters (marks included with Devanagari). */
export function scriptCounts(input: string): { devanagari: number; latin: number } {
  let devanagari = 0;
  let latin = 0;
  for (const ch of input) {
    if (isDevanagariChar(ch)) devanagari++;
    else if (/[a-zA-Z]/.test(ch)) latin++;
  }
  return { devanagari, latin };
}
