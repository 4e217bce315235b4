import { z } from "zod";
import { AppError } from "@/lib/core/app-error";
import { readBytes, route } from "@/lib/core/route";
import { whatsappConfig } from "@/lib/whatsapp/config";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The phone simulator's way to the sandbox, on the app's own origin (so the page needs no extra
 * CSP origin). Mounted only in sandbox mode; 404 otherwise.
 *   /api/sandbox/control/…      → the sandbox control API, as is (method, query, JSON body)
 *   /api/sandbox/media/{id}     → a file the business sent, fetched the way Meta's clients do:
 *                                 GET /{media-id} for a short-lived URL, then GET that URL with the
 *                                 bearer token (reference §4.2). Sandbox credentials are documented
 *                                 constants, not secrets.
 * It is pure transport (no domain logic), so it lives here rather than in lib/.
 */
const ZParamsSchema = z.object({ path: z.array(z.string().min(1).max(200)).min(1).max(6) }).strict();
/** A phone photo as base64 in JSON: 5 MB image → ~6.7 MB of text. */
const MAX_PROXY_BODY = 12 * 1024 * 1024;

const handler = route({ auth: "public", params: ZParamsSchema }, async ({ req, params }) => {
  const cfg = whatsappConfig();
  if (!cfg.sandboxMode) throw new AppError("NOT_FOUND");
  const [head, ...rest] = params.path;
  if (head === "media" && rest.length === 1 && req.method === "GET") return media(rest[0]!);
  if (head !== "control") throw new AppError("NOT_FOUND");
  const url = `${cfg.sandboxUrl}/${params.path.map(encodeURIComponent).join("/")}${new URL(req.url).search}`;
  const body = req.method === "GET" ? undefined : Buffer.from(await readBytes(req, MAX_PROXY_BODY));
  const res = await upstream(url, {
    method: req.method,
    body,
    headers: body?.length ? { "content-type": "application/json" } : undefined,
  });
  return new Response(res.body, {
    status: res.status,
    headers: {
      "content-type": res.headers.get("content-type") ?? "application/json",
      "cache-control": "no-store",
    },
  });
});

async function media(id: string): Promise<Response> {
  const cfg = whatsappConfig();
  const auth = { authorization: `Bearer ${cfg.accessToken}` };
  const meta = await upstream(`${cfg.graphUrl}/${cfg.apiVersion}/${encodeURIComponent(id)}`, {
    headers: auth,
  });
  if (!meta.ok) throw new AppError("NOT_FOUND", { userMessage: "No such media in the sandbox." });
  const { url, mime_type: mime } = (await meta.json()) as { url: string; mime_type: string };
  const file = await upstream(url, { headers: auth });
  if (!file.ok) throw new AppError("NOT_FOUND", { userMessage: "The media URL expired." });
  return new Response(file.body, {
    status: 200,
    headers: { "content-type": mime, "cache-control": "private, max-age=300" },
  });
}

async function upstream(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  } catch (err) {
    throw new AppError("PROVIDER_ERROR", {
      message: `sandbox unreachable at ${url}: ${String(err)}`,
      userMessage: "The WhatsApp sandbox is not running.",
    });
  }
}

export const GET = handler;
export const POST = handler;
export const DELETE = handler;
