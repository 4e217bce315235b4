import { handleMediaEvent } from "@/lib/calls/handle-media-event";
import { readText, route } from "@/lib/core/route";
import { recordMediaEvent } from "@/lib/media/record-media-event";
import { SIGNATURE_HEADER } from "@/lib/media/signing";

export const dynamic = "force-dynamic";

/** POST /api/media/events — signed events from the media-server (no session: the HMAC is the auth); call events drive the call engine. */
export const POST = route({ auth: "public" }, async ({ req }) => {
  const event = await recordMediaEvent({ rawBody: await readText(req, 64 * 1024), signature: req.headers.get(SIGNATURE_HEADER) });
  await handleMediaEvent(event);
  return { ok: true };
});
