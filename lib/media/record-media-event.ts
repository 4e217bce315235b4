import "server-only";
import type { Prisma } from "@prisma/client";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/core/app-error";
import { env } from "@/lib/core/env";
import { zodDetails } from "@/lib/core/route";
import { ZMediaEventSchema, type TMediaEvent } from "./media-event.schema";
import { SIGNATURE_HEADER, verifyRequest } from "./signing";

export interface RecordMediaEventOptions {
  /** The exact bytes received: the signature covers them, not a re-serialisation. */
  rawBody: string;
  signature: string | null;
}

/**
 * Accepts one event from the media-server: verify `x-media-signature` over the raw body, validate,
 * write an AuditLog row (actor "system", action = event type).
 */
export async function recordMediaEvent({ rawBody, signature }: RecordMediaEventOptions): Promise<TMediaEvent> {
  const check = verifyRequest(signature, rawBody, env().mediaServerSecret);
  if (!check.ok) {
    throw new AppError("UNAUTHENTICATED", {
      message: `media event signature ${check.reason}`,
      userMessage: `Missing or invalid ${SIGNATURE_HEADER}.`,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new AppError("INVALID_INPUT", { userMessage: "Malformed JSON.", details: [{ field: "(body)", message: "Malformed JSON" }] });
  }
  const parsed = ZMediaEventSchema.safeParse(json);
  if (!parsed.success) throw new AppError("INVALID_INPUT", { details: zodDetails(parsed.error, "body") });
  const event = parsed.data;
  await recordAudit({
    actorType: "system",
    action: event.type,
    targetType: "media_server",
    targetId: typeof event.pid === "number" ? String(event.pid) : undefined,
    data: event as Prisma.InputJsonValue,
  });
  // Later: publish(event) on the event bus (lib/events/bus.ts) for the admin/supervisor views.
  return event;
}
