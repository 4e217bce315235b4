import { z } from "zod";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { json, route } from "@/lib/core/route";
import { verifyEmbedHandoff } from "@/lib/crm/embed-handoff";
import { embedSessionCookie } from "@/lib/crm/embed-session-cookie";

const ZEmbedSessionBodySchema = z.object({ code: z.string().min(10).max(2000), nonce: z.string().regex(/^[a-f0-9]{32}$/) }).strict();

/** Exchanges the popup's handoff code for a session cookie set inside the Frappe iframe. */
export const POST = route({ auth: "public", body: ZEmbedSessionBodySchema }, async ({ body }) => {
  const userId = verifyEmbedHandoff(body);
  if (!userId) throw new AppError("UNAUTHENTICATED", { userMessage: "The sign-in code is invalid or expired." });
  const db = await getDb();
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, email: true, name: true, role: true, workspaceId: true, disabledAt: true } });
  if (!user || user.disabledAt) throw new AppError("UNAUTHENTICATED", { userMessage: "This account cannot sign in." });
  return json({ ok: true }, 200, { "set-cookie": await embedSessionCookie(user) });
});
