import "server-only";
import { saveMediaFile } from "@/lib/media-store/save-media-file";
import { sendMessage } from "@/lib/messages/send-message";
import type { TAppointmentRow } from "./appointment.mapper";
import { appointmentIcs } from "./appointment-ics";

/**
 * Sends the appointment's `.ics` to the customer as a WhatsApp document (kept in the media store).
 *
 * Outside-world quirk: WhatsApp accepts documents only of a short MIME list (reference §4.3) that
 * does not include `text/calendar`; an .ics is plain text, so it goes out as `text/plain` with the
 * `.ics` file name, and phones hand it to the calendar app by its extension.
 */
export async function sendAppointmentIcs(o: {
  row: TAppointmentRow;
  conversationId: string;
  caption?: string;
  now?: Date;
}): Promise<string> {
  const ics = appointmentIcs(o.row, o.now);
  const file = await saveMediaFile({
    workspaceId: o.row.workspaceId,
    bytes: new TextEncoder().encode(ics),
    mime: "text/plain",
    filename: o.row.status === "cancelled" ? "appointment-cancelled.ics" : "appointment.ics",
    origin: "upload",
  });
  const dto = await sendMessage({
    workspaceId: o.row.workspaceId,
    conversationId: o.conversationId,
    senderUserId: null,
    input: {
      type: "media",
      mediaId: file.id,
      mediaType: "document",
      filename: file.filename ?? "appointment.ics",
      ...(o.caption ? { caption: o.caption.slice(0, 1024) } : {}),
    },
    now: o.now,
  });
  return dto.id;
}
