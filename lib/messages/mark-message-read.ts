import "server-only";
import { getDb } from "@/lib/core/db";
import { PermanentJobError } from "@/lib/jobs/permanent-job-error";
import { GraphApiError } from "@/lib/whatsapp/graph-client";
import { providerForNumber } from "./provider-for-number";

/** The `whatsapp.mark_read` job: blue ticks on the customer's phone for this and earlier messages (§2.4). */
export async function markMessageRead(options: { messageId: string }): Promise<{ metaId: string }> {
  const db = await getDb();
  const msg = await db.message.findUnique({ where: { id: options.messageId }, select: { metaId: true, conversation: { select: { phoneNumber: true } } } });
  if (!msg?.metaId || !msg.conversation.phoneNumber) throw new PermanentJobError("Nothing to mark read");
  try {
    await providerForNumber(msg.conversation.phoneNumber).markRead({ messageId: msg.metaId });
  } catch (err) {
    if (err instanceof GraphApiError && !err.retryable) throw new PermanentJobError(err.message, { cause: err });
    throw err;
  }
  return { metaId: msg.metaId };
}
