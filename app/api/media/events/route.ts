import { readText, route } from "@/lib/core/route";
import { recordMediaEvent } from "@/lib/media/record-media-event";
import { SIGNATURE_HEADER } from "@/lib/media/signing";

export const dynamic = "force-dynamic";

/** POST /api/media/events — signed events from the media-server (no session: the HMAC is the auth). */
export const POST = route({ auth: "public" }, async ({ req }) => {
  await recordMediaEvent({ rawBody: await readText(req, 64 * 1024), signature: req.headers.get(SIGNATURE_HEADER) });
  return { ok: true };
});
