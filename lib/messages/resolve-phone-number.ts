import "server-only";
import type { PhoneNumber } from "@prisma/client";
import { getDb } from "@/lib/core/db";
import { SANDBOX_DEFAULTS, whatsappConfig } from "@/lib/whatsapp/config";

/**
 * The channel for a webhook's `metadata.phone_number_id`. Numbers added in Settings are rows of
 * PhoneNumber. The environment's number (WHATSAPP_PHONE_NUMBER_ID, or the sandbox's) belongs to the
 * default workspace — the first one created (the demo seed) — and its row is created on first sight.
 * Unknown numbers → null (the delivery is stored, the events are skipped and logged).
 */
export async function resolvePhoneNumber(phoneNumberId: string, displayPhone?: string): Promise<PhoneNumber | null> {
  const db = await getDb();
  const found = await db.phoneNumber.findUnique({ where: { phoneNumberId } });
  if (found) return found;
  const config = whatsappConfig();
  if (phoneNumberId !== config.phoneNumberId) return null;
  const ws = await db.workspace.findFirst({ orderBy: { createdAt: "asc" }, select: { id: true } });
  if (!ws) return null;
  await db.phoneNumber.createMany({
    data: [
      {
        workspaceId: ws.id,
        phoneNumberId,
        wabaId: config.wabaId,
        displayPhone: displayPhone ?? (config.sandboxMode ? SANDBOX_DEFAULTS.displayPhoneNumber : phoneNumberId),
        verifiedName: config.sandboxMode ? SANDBOX_DEFAULTS.verifiedName : null,
      },
    ],
    skipDuplicates: true,
  });
  return db.phoneNumber.findUnique({ where: { phoneNumberId } });
}
