import { z } from "zod";
import { buildAgentFeed } from "@/lib/appointments/build-agent-feed";
import { AppError } from "@/lib/core/app-error";
import { route } from "@/lib/core/route";

/**
 * An agent's private calendar feed (Google/Outlook/Apple "subscribe by URL"). Public — calendar
 * apps send no credentials — and protected by the secret token in the path; an unknown token is a
 * plain 404. `.ics` suffix optional (some clients want it).
 */
export const GET = route(
  { auth: "public", params: z.object({ token: z.string().min(1).max(200) }) },
  async ({ params }) => {
    const body = await buildAgentFeed({ token: params.token.replace(/\.ics$/, "") });
    if (body === null) throw new AppError("NOT_FOUND", { userMessage: "No such calendar." });
    return new Response(body, {
      status: 200,
      headers: {
        "content-type": "text/calendar; charset=utf-8",
        "cache-control": "private, max-age=300",
        "x-robots-tag": "noindex",
      },
    });
  },
);
