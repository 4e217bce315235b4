import { AppError } from "@/lib/core/app-error";
import { json, readBytes, route } from "@/lib/core/route";
import { crmConfig } from "@/lib/crm/config";
import { recordFrappeWebhook } from "@/lib/crm/record-frappe-webhook";
import { FRAPPE_SIGNATURE_HEADER, verifyFrappeWebhookSignature } from "@/lib/crm/webhook-signature";

/**
 * Frappe's outgoing webhook (reference §5.1): verify X-Frappe-Webhook-Signature over the raw bytes
 * (Frappe may send no Content-Type at all), record, enqueue crm.apply_webhook, 200 at once.
 */
export const POST = route({ auth: "public" }, async ({ req }) => {
  const raw = await readBytes(req, 1024 * 1024);
  if (!verifyFrappeWebhookSignature(raw, req.headers.get(FRAPPE_SIGNATURE_HEADER), crmConfig().webhookSecret)) {
    throw new AppError("UNAUTHENTICATED", { userMessage: "Missing or invalid X-Frappe-Webhook-Signature." });
  }
  const { deliveryId, created } = await recordFrappeWebhook({
    raw,
    headers: { "content-type": req.headers.get("content-type") ?? "", [FRAPPE_SIGNATURE_HEADER]: req.headers.get(FRAPPE_SIGNATURE_HEADER) ?? "" },
  });
  return json({ ok: true, deliveryId, duplicate: !created });
});
