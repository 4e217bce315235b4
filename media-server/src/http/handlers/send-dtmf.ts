import { z } from "zod";
import { AppError } from "../../../../lib/core/app-error";
import { DTMF_DIGITS_PATTERN } from "../../audio/telephone-event";
import { DEFAULT_GAP_MS, DEFAULT_TONE_MS, playMs } from "../../whatsapp/dtmf-sender";
import { defineControl } from "../control/control-handler";
import { ZCallIdSchema } from "./call-id.schema";

/** More queued than this (tones + gaps) and a request is refused: a stuck client must not queue minutes of beeps. */
const MAX_BACKLOG_MS = 15_000;

export const ZSendDtmfSchema = z.strictObject({
  callId: ZCallIdSchema,
  digits: z.string().regex(DTMF_DIGITS_PATTERN, "1–32 of 0-9, *, #, A-D"),
  /** ITU-T Q.24 receivers need ≥ 40 ms tones; longer than a second is a held key, not a digit. */
  toneMs: z.number().int().min(40).max(1000).default(DEFAULT_TONE_MS),
  gapMs: z.number().int().min(20).max(1000).default(DEFAULT_GAP_MS),
});

/**
 * `POST /control/calls/dtmf { callId, digits, toneMs?, gapMs? }` — the agent's keypad: plays the
 * digits to the customer as RFC 4733 telephone-event on the WhatsApp leg. Answers once they are
 * queued (behind earlier digits of the call; requests never interleave), with how long they take to
 * play. 404 without a room, 409 INVALID_STATE while the WhatsApp leg is not connected.
 */
export const sendDtmf = defineControl({
  schema: ZSendDtmfSchema,
  async handle({ callId, digits, toneMs, gapMs }, ctx) {
    const leg = ctx.rooms.require(callId).customer;
    if (!leg) throw new AppError("INVALID_STATE", { userMessage: "This call has no WhatsApp leg." });
    const durationMs = playMs(digits.length, toneMs, gapMs);
    if (leg.dtmfBacklogMs + durationMs > MAX_BACKLOG_MS) throw new AppError("RATE_LIMITED", { userMessage: "Too many keypad digits are still waiting to be played." });
    const startsInMs = leg.dtmfBacklogMs;
    const done = leg.sendDtmf(digits, { toneMs, gapMs });
    done.catch((err: unknown) => ctx.log.warn({ callId, err: String(err) }, "DTMF toward WhatsApp stopped (leg closed?)"));
    return { ok: true, digits, startsInMs, durationMs };
  },
});
