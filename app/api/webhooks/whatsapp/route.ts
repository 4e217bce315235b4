import { AppError } from "@/lib/core/app-error";
import { json, readBytes, route } from "@/lib/core/route";
import { recordWebhookDelivery } from "@/lib/messages/record-webhook-delivery";
import { whatsappConfig } from "@/lib/whatsapp/config";
import { SIGNATURE_HEADER, verifyHubSignature } from "@/lib/whatsapp/signature";

/** Meta's verification handshake (reference §1.1): echo hub.challenge as plain text, else 403. */
export const GET = route({ auth: "public" }, async ({ req }) => {
  const q = new URL(req.url).searchParams;
  const ok = q.get("hub.mode") === "subscribe" && q.get("hub.verify_token") === whatsappConfig().verifyToken;
  if (!ok) throw new AppError("FORBIDDEN", { userMessage: "Verification failed." });
  return new Response(q.get("hub.challenge") ?? "", { status: 200, headers: { "content-type": "text/plain; charset=utf-8" } });
});

/** Verify the signature on the raw bytes (Meta's payload limit is 3 MB), record, enqueue, 200 at once. */
export const POST = route({ auth: "public", maxBodyBytes: 3 * 1024 * 1024 }, async ({ req }) => {
  const raw = await readBytes(req, 3 * 1024 * 1024);
  if (!verifyHubSignature(raw, req.headers.get(SIGNATURE_HEADER), whatsappConfig().appSecret)) {
    throw new AppError("UNAUTHENTICATED", { userMessage: "Invalid X-Hub-Signature-256." });
  }
  await recordWebhookDelivery({ raw, headers: { "content-type": req.headers.get("content-type") ?? "", [SIGNATURE_HEADER]: req.headers.get(SIGNATURE_HEADER) ?? "" } });
  return json({ ok: true });
});
