import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { AppError } from "@/lib/core/app-error";
import { sendDtmf } from "@/lib/media/media-client";
import { ANSWERED } from "./call-state";
import { noteCallEvent } from "./apply-call-event";
import type { TCallDto } from "./call.schema";
import { assertCallOwner, loadAgentCall } from "./load-agent-call";
import { loadCallDto } from "./publish-call-events";

/**
 * DTMF from the agent's keypad: the media-server plays the digits to the WhatsApp user in-band
 * (RFC 4733 telephone-event on the call's WhatsApp leg) and the call's timeline records them with
 * `sent: true`. When the media-server refuses or cannot be reached, the timeline records
 * `sent: false` with the reason, and the agent gets an error saying the digits did not go out.
 */
export async function sendCallDtmf(o: { principal: Principal; callId: string; digits: string }): Promise<TCallDto> {
  const { call, userId } = await loadAgentCall(o.principal, o.callId);
  assertCallOwner(o.principal, call, userId);
  if (!ANSWERED.has(call.status)) throw new AppError("INVALID_STATE", { userMessage: "Keypad digits can be sent during a call only." });
  let failure: AppError | null = null;
  try {
    await sendDtmf({ callId: call.id, digits: o.digits });
  } catch (err) {
    failure = notSent(err);
  }
  await noteCallEvent(call, "dtmf", { from: "agent", digits: o.digits, sent: failure === null, ...(failure ? { error: failure.userMessage } : {}) }, userId);
  if (failure) throw failure;
  return loadCallDto(call.id);
}

/** The media-server's refusal, in words the agent can act on. */
function notSent(err: unknown): AppError {
  if (!(err instanceof AppError)) throw err;
  if (err.code === "UNAVAILABLE") {
    return new AppError("UNAVAILABLE", { message: err.message, cause: err, userMessage: "The keypad digits were not sent: the media server is not reachable." });
  }
  if (err.code === "RATE_LIMITED") {
    return new AppError("RATE_LIMITED", { message: err.message, cause: err, userMessage: "The keypad digits were not sent: earlier digits are still playing. Try again in a moment." });
  }
  if (err.code === "NOT_FOUND" || err.code === "INVALID_STATE" || err.code === "CONFLICT") {
    return new AppError("INVALID_STATE", { message: err.message, cause: err, userMessage: "The keypad digits were not sent: the call's audio to WhatsApp is not connected." });
  }
  return new AppError("UNAVAILABLE", { message: err.message, cause: err, userMessage: "The keypad digits were not sent: the media server refused them." });
}
