import "server-only";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { sendMessage } from "@/lib/messages/send-message";
import { agentTimeZone } from "./availability.queries";
import { formatSlotLabel, type TSlotLanguage } from "./slots";

const TEXT: Record<TSlotLanguage, (label: string) => string> = {
  en: (l) => `Reminder: your appointment is at ${l}. See you soon!`,
  hi: (l) => `याद दिलाना: आपका अपॉइंटमेंट ${l} पर है।`,
  hinglish: (l) => `Reminder: aapka appointment ${l} par hai. Milte hain!`,
};

/**
 * The reminder job's work. It belongs to one SEQUENCE of the appointment: after a reschedule or a
 * cancellation (sequence moved on, status cancelled) it does nothing, and it sends at most once
 * (reminderSentAt is claimed before sending).
 */
export async function sendAppointmentReminder(o: {
  appointmentId: string;
  sequence: number;
  now: Date;
}): Promise<{ sent?: string; skipped?: string }> {
  const db = await getDb();
  const appt = await db.appointment.findUnique({
    where: { id: o.appointmentId },
    include: { contact: { select: { optedOut: true, language: true } } },
  });
  if (!appt) return { skipped: "gone" };
  if (appt.status !== "booked" && appt.status !== "rescheduled") return { skipped: appt.status };
  if (appt.sequence !== o.sequence) return { skipped: "superseded" };
  if (appt.reminderSentAt) return { skipped: "already_sent" };
  if (appt.contact.optedOut) return { skipped: "opted_out" };
  if (appt.startsAt.getTime() <= o.now.getTime()) return { skipped: "started" };
  const conversation =
    (appt.conversationId
      ? await db.conversation.findFirst({
          where: { id: appt.conversationId, status: { not: "resolved" } },
          select: { id: true, botData: true },
        })
      : null) ??
    (await db.conversation.findFirst({
      where: { contactId: appt.contactId, status: { not: "resolved" } },
      orderBy: { lastMessageAt: "desc" },
      select: { id: true, botData: true },
    }));
  if (!conversation) return { skipped: "no_open_conversation" };
  const { count } = await db.appointment.updateMany({
    where: { id: appt.id, sequence: o.sequence, reminderSentAt: null },
    data: { reminderSentAt: o.now },
  });
  if (count === 0) return { skipped: "already_sent" };
  const stored = (conversation.botData as { language?: unknown } | null)?.language ?? appt.contact.language;
  const language: TSlotLanguage = stored === "hi" || stored === "hinglish" ? stored : "en";
  const label = formatSlotLabel(appt.startsAt, await agentTimeZone(db, appt.agentId), language);
  try {
    const m = await sendMessage({
      workspaceId: appt.workspaceId,
      conversationId: conversation.id,
      senderUserId: null,
      input: { type: "text", text: TEXT[language](label) },
      now: o.now,
    });
    return { sent: m.id };
  } catch (err) {
    // Outside the 24-hour window only a template may go out; none is configured for reminders yet,
    // so the reminder is skipped (and recorded as such) rather than retried forever.
    if (AppError.is(err, "INVALID_STATE")) return { skipped: "window_closed" };
    await db.appointment.updateMany({
      where: { id: appt.id, sequence: o.sequence },
      data: { reminderSentAt: null },
    });
    throw err;
  }
}
