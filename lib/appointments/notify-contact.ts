import "server-only";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { logger } from "@/lib/core/logger";
import type { TAppointmentRow } from "./appointment.mapper";
import { agentTimeZone } from "./availability.queries";
import { sendAppointmentIcs } from "./send-appointment-ics";
import { formatSlotLabel } from "./slots";

/**
 * After an agent books, moves or cancels in the app: the customer gets the updated `.ics` on
 * WhatsApp when a conversation is open and its 24-hour window allows a free-form message.
 * Returns whether it was sent (outside the window a template would be needed; none is set up).
 */
export async function notifyContact(row: TAppointmentRow, now: Date = new Date()): Promise<boolean> {
  const db = await getDb();
  const conversation =
    (row.conversationId
      ? await db.conversation.findFirst({
          where: { id: row.conversationId, status: { not: "resolved" } },
          select: { id: true },
        })
      : null) ??
    (await db.conversation.findFirst({
      where: { contactId: row.contactId, status: { not: "resolved" } },
      orderBy: { lastMessageAt: "desc" },
      select: { id: true },
    }));
  const contact = await db.contact.findUnique({ where: { id: row.contactId }, select: { optedOut: true } });
  if (!conversation || contact?.optedOut) return false;
  const label = formatSlotLabel(row.startsAt, await agentTimeZone(db, row.agentId), "en");
  const caption =
    row.status === "cancelled" ? `Cancelled: ${row.title} (${label})` : `${row.title}: ${label}`;
  try {
    await sendAppointmentIcs({ row, conversationId: conversation.id, caption, now });
    return true;
  } catch (err) {
    if (AppError.is(err, "INVALID_STATE")) {
      logger.info({ appointmentId: row.id }, "customer not notified: the 24-hour window is closed");
      return false;
    }
    throw err;
  }
}
