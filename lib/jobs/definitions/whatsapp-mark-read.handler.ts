import "server-only";
import { markMessageRead } from "@/lib/messages/mark-message-read";
import type { JobHandler } from "../job-definition";

const handler: JobHandler<{ messageId: string }> = (payload) => markMessageRead({ messageId: payload.messageId });

export default handler;
