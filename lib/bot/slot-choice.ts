import { addDays, zonedParts } from "@/lib/appointments/time-zone";
import type { TProposedSlot } from "./actions";
import { normalizeText, phraseRegex, tokenize } from "./text";

/**
 * Which of the offered slots the user picked: a tapped list row (its id), "2", "the second one",
 * "doosra", "दूसरा", "last one", or a day/time such as "kal 11 baje", "tomorrow at 3pm",
 * "कल सुबह 10 बजे", "monday 4". Times are read in the zone the slots were rendered in.
 */
export type TSlotChoice =
  | { kind: "chosen"; slot: TProposedSlot }
  /** Several offered slots fit ("tomorrow"): offer just those. */
  | { kind: "ambiguous"; candidates: TProposedSlot[] }
  /** The user named a day/time that none of the offered slots has. */
  | { kind: "no_match" }
  /** Nothing in the message reads as a choice. */
  | { kind: "none" };

const ORDINALS: Array<[RegExp, number]> = [
  [phraseRegex(["first", "1st", "first one", "pehla", "pahla", "pehle", "pahle", "pehli", "पहला", "पहले", "पहली"]), 1],
  [phraseRegex(["second", "2nd", "doosra", "dusra", "doosre", "dusre", "doosri", "dusri", "दूसरा", "दूसरे", "दूसरी"]), 2],
  [phraseRegex(["third", "3rd", "teesra", "tisra", "teesre", "tisre", "teesri", "तीसरा", "तीसरे", "तीसरी"]), 3],
  [phraseRegex(["fourth", "4th", "chautha", "chauthe", "chauthi", "चौथा", "चौथे", "चौथी"]), 4],
  [phraseRegex(["fifth", "5th", "paanchva", "panchva", "paanchvan", "पांचवां", "पाँचवाँ", "पाँचवां"]), 5],
  [phraseRegex(["sixth", "6th", "chhatha", "छठा"]), 6],
  [phraseRegex(["seventh", "7th", "saatva", "सातवां"]), 7],
  [phraseRegex(["eighth", "8th", "aathva", "आठवां"]), 8],
  [phraseRegex(["ninth", "9th", "nauva", "नौवां"]), 9],
  [phraseRegex(["tenth", "10th", "dasva", "दसवां"]), 10],
];
const LAST_RE = phraseRegex(["last", "last one", "the last", "aakhri", "akhri", "aakhiri", "आखिरी", "अंतिम"]);
const OPTION_WORDS = new Set(["number", "no", "option", "slot", "choice", "num", "nr", "wala", "wali", "wale", "one", "the", "take", "book", "please", "pls", "ok", "नंबर", "वाला", "वाली", "वाले"]);

const DAY_OFFSETS: Array<[RegExp, number]> = [
  [phraseRegex(["day after tomorrow", "parso", "parson", "परसों", "परसो"]), 2],
  [phraseRegex(["tomorrow", "tmrw", "tmr", "kal", "कल"]), 1],
  [phraseRegex(["today", "aaj", "आज"]), 0],
];
const WEEKDAY_WORDS: Array<[RegExp, number]> = [
  [phraseRegex(["sunday", "sun", "ravivar", "raviwar", "itvaar", "itwar", "रविवार", "इतवार"]), 0],
  [phraseRegex(["monday", "mon", "somvar", "somwar", "सोमवार"]), 1],
  [phraseRegex(["tuesday", "tue", "tues", "mangalvar", "mangalwar", "मंगलवार"]), 2],
  [phraseRegex(["wednesday", "wed", "budhvar", "budhwar", "बुधवार"]), 3],
  [phraseRegex(["thursday", "thu", "thurs", "guruvar", "guruwar", "brihaspativar", "गुरुवार", "बृहस्पतिवार"]), 4],
  [phraseRegex(["friday", "fri", "shukravar", "shukrawar", "शुक्रवार"]), 5],
  [phraseRegex(["saturday", "sat", "shanivar", "shaniwar", "शनिवार"]), 6],
];
const MORNING_RE = phraseRegex(["am", "a.m", "morning", "subah", "subha", "सुबह"]);
const AFTERNOON_RE = phraseRegex(["pm", "p.m", "afternoon", "evening", "night", "dopahar", "dopehar", "shaam", "sham", "raat", "दोपहर", "शाम", "रात"]);

export interface TTimeHint {
  /** Days after today (in the slots' zone), or a weekday. */
  dayOffset?: number;
  weekday?: number;
  hour?: number;
  minute?: number;
}

/** A day and/or time mentioned in the text, or null. Hours 1–7 without am/pm mean afternoon (business hours). */
export function parseTimeHint(text: string): TTimeHint | null {
  const s = normalizeText(text);
  const hint: TTimeHint = {};
  for (const [re, offset] of DAY_OFFSETS) {
    if (re.test(s)) {
      hint.dayOffset = offset;
      break;
    }
  }
  if (hint.dayOffset === undefined) {
    for (const [re, wd] of WEEKDAY_WORDS) {
      if (re.test(s)) {
        hint.weekday = wd;
        break;
      }
    }
  }
  const hasDay = hint.dayOffset !== undefined || hint.weekday !== undefined;
  const m =
    /(?<![\d:])(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m|p\.m|baje|बजे|o'clock|oclock|bje)?(?![\d])/u.exec(s.replace(/(\d)(st|nd|rd|th)\b/g, "$1 $2"));
  if (m) {
    const marker = m[3];
    const hasMinutes = m[2] !== undefined;
    const periodWord = MORNING_RE.test(s) || AFTERNOON_RE.test(s);
    const atWord = /(?:\bat\b|\bko\b|पर)\s*\d/u.test(s);
    // A number counts as a time only with a time marker, or next to a day ("kal 11").
    if (marker || hasMinutes || periodWord || atWord || hasDay) {
      let hour = Number(m[1]);
      const minute = hasMinutes ? Number(m[2]) : 0;
      if (hour <= 24 && minute < 60) {
        const pm = marker === "pm" || marker === "p.m" || (!marker && AFTERNOON_RE.test(s));
        const am = marker === "am" || marker === "a.m" || (!marker && MORNING_RE.test(s));
        if (pm && hour < 12) hour += 12;
        else if (am && hour === 12) hour = 0;
        else if (!pm && !am && hour >= 1 && hour <= 7) hour += 12;
        hint.hour = hour % 24;
        hint.minute = minute;
      }
    }
  }
  return hasDay || hint.hour !== undefined ? hint : null;
}

/** Filter slots by a time hint, evaluated in each slot's zone relative to `now`. */
export function slotsMatchingHint<T extends { startsAt: string | Date; timeZone?: string }>(slots: readonly T[], hint: TTimeHint, now: Date): T[] {
  return slots.filter((slot) => {
    const zone = slot.timeZone ?? "UTC";
    const p = zonedParts(new Date(slot.startsAt), zone);
    if (hint.dayOffset !== undefined) {
      const today = zonedParts(now, zone);
      const target = addDays(today, hint.dayOffset);
      if (p.year !== target.year || p.month !== target.month || p.day !== target.day) return false;
    }
    if (hint.weekday !== undefined && p.weekday !== hint.weekday) return false;
    if (hint.hour !== undefined && (p.hour !== hint.hour || p.minute !== (hint.minute ?? 0))) return false;
    return true;
  });
}

/**
 * `offered` is the list the user saw (numbers and ordinals refer to it). A day/time is matched
 * against the offered slots first, then against `alsoFree` (all currently free slots), so
 * "tomorrow at 11" works even when tomorrow was not on the list.
 */
export function parseSlotChoice(
  message: { text: string; replyId?: string },
  offered: readonly TProposedSlot[],
  now: Date,
  alsoFree: readonly TProposedSlot[] = [],
): TSlotChoice {
  const all = [...offered, ...alsoFree];
  if (all.length === 0) return { kind: "none" };
  if (message.replyId) {
    const byId = all.find((s) => s.id === message.replyId);
    if (byId) return { kind: "chosen", slot: byId };
  }
  const text = message.text.trim();
  const byIdText = all.find((s) => s.id === text);
  if (byIdText) return { kind: "chosen", slot: byIdText };
  const normalized = normalizeText(text);
  const byLabel = offered.find((s) => normalizeText(s.label) === normalized);
  if (byLabel) return { kind: "chosen", slot: byLabel };

  const hint = parseTimeHint(text);
  if (hint) {
    for (const pool of [offered, alsoFree]) {
      const matches = slotsMatchingHint(pool, hint, now);
      if (matches.length === 1 && matches[0]) return { kind: "chosen", slot: matches[0] };
      if (matches.length > 1) {
        // An hour was given and several days fit ("11 baje"): take the earliest.
        if (hint.hour !== undefined && matches[0]) return { kind: "chosen", slot: matches[0] };
        return { kind: "ambiguous", candidates: matches };
      }
    }
    return { kind: "no_match" };
  }
  if (offered.length === 0) return { kind: "none" };
  if (LAST_RE.test(normalized)) return { kind: "chosen", slot: offered[offered.length - 1] as TProposedSlot };
  for (const [re, n] of ORDINALS) {
    if (re.test(normalized)) return n <= offered.length ? { kind: "chosen", slot: offered[n - 1] as TProposedSlot } : { kind: "no_match" };
  }
  const tokens = tokenize(text);
  const numbers = tokens.filter((t) => /^\d+$/.test(t));
  if (numbers.length === 1 && tokens.length <= 4 && tokens.every((t) => /^\d+$/.test(t) || OPTION_WORDS.has(t))) {
    const n = Number(numbers[0]);
    return n >= 1 && n <= offered.length ? { kind: "chosen", slot: offered[n - 1] as TProposedSlot } : { kind: "no_match" };
  }
  return { kind: "none" };
}
