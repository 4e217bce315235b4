import { z } from "zod";
import type { SandboxContext } from "../context";
import type { RouteContext } from "../http";
import { sendJson } from "../http";
import { mediaProblem, mediaUrl, storeMedia } from "../graph/media";
import type { TSimUser } from "../store";
import { inboundMessageValue, unixSeconds } from "../webhook-payloads";
import type { TDeliveryResult } from "../webhook-sender";
import { badRequest, parseBody } from "./respond";
import { findUserOr404 } from "./users";

/**
 * The simulated user sends something to the business: it goes out as a signed `messages` webhook
 * with Meta's inbound shape (reference §2.1) and opens/refreshes the 24-hour window.
 */
const replyTo = z.string().min(1).optional();

const media = {
  /** File bytes, base64. */
  dataBase64: z.string().min(1),
  mimeType: z.string().min(3),
  filename: z.string().optional(),
  caption: z.string().max(1024).optional(),
  /** Also put the direct download `url` on the webhook (Meta rolled this out from Nov 2025). */
  includeUrl: z.boolean().optional(),
};

export const ZUserMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), text: z.string().min(1).max(4096), replyTo }).strict(),
  z.object({ type: z.literal("image"), ...media, replyTo }).strict(),
  z.object({ type: z.literal("document"), ...media, replyTo }).strict(),
  z.object({ type: z.literal("audio"), ...media, voice: z.boolean().optional(), replyTo }).strict(),
  z.object({ type: z.literal("video"), ...media, replyTo }).strict(),
  z
    .object({
      type: z.literal("location"),
      latitude: z.number().min(-90).max(90),
      longitude: z.number().min(-180).max(180),
      name: z.string().optional(),
      address: z.string().optional(),
      replyTo,
    })
    .strict(),
  z.object({ type: z.literal("button_reply"), id: z.string().min(1), title: z.string().min(1), replyTo }).strict(),
  z.object({ type: z.literal("list_reply"), id: z.string().min(1), title: z.string().min(1), description: z.string().optional(), replyTo }).strict(),
  z.object({ type: z.literal("button"), payload: z.string(), text: z.string().min(1), replyTo }).strict(),
  z.object({ type: z.literal("reaction"), messageId: z.string().min(1), emoji: z.string() }).strict(),
  z
    .object({
      type: z.literal("contacts"),
      contacts: z.array(z.object({ name: z.string().min(1), phone: z.string().optional() }).strict()).min(1),
    })
    .strict(),
]);
export type TUserMessage = z.infer<typeof ZUserMessageSchema>;

export const ZSendAsUserSchema = z.intersection(ZUserMessageSchema, z.object({ wait: z.boolean().optional() }));

/** Build the type-specific part of Meta's inbound message. Returns an error text for bad media. */
export function buildInbound(sb: SandboxContext, m: TUserMessage): { type: string; part: Record<string, unknown>; mediaId?: string } | string {
  const { store } = sb;
  switch (m.type) {
    case "text":
      return { type: "text", part: { text: { body: m.text } } };
    case "image":
    case "document":
    case "audio":
    case "video": {
      const bytes = Buffer.from(m.dataBase64, "base64");
      const problem = mediaProblem(m.mimeType, bytes.length);
      if (problem) return problem;
      const stored = storeMedia(store, { bytes, mimeType: m.mimeType, filename: m.filename, origin: "user" });
      // Inbound webhooks carry sha256 as base64 (outbound GET /{media-id} answers hex).
      const obj: Record<string, unknown> = {
        mime_type: m.mimeType,
        sha256: Buffer.from(stored.sha256Hex, "hex").toString("base64"),
        id: stored.id,
      };
      if (m.caption && m.type !== "audio") obj.caption = m.caption;
      if (m.type === "document") obj.filename = m.filename ?? "document";
      if (m.type === "audio") obj.voice = m.voice ?? false;
      if (m.includeUrl) obj.url = mediaUrl(store, stored);
      return { type: m.type, part: { [m.type]: obj }, mediaId: stored.id };
    }
    case "location": {
      const loc: Record<string, unknown> = { latitude: m.latitude, longitude: m.longitude };
      if (m.name) loc.name = m.name;
      if (m.address) loc.address = m.address;
      return { type: "location", part: { location: loc } };
    }
    case "button_reply":
      return { type: "interactive", part: { interactive: { type: "button_reply", button_reply: { id: m.id, title: m.title } } } };
    case "list_reply":
      return {
        type: "interactive",
        part: { interactive: { type: "list_reply", list_reply: { id: m.id, title: m.title, ...(m.description ? { description: m.description } : {}) } } },
      };
    case "button":
      return { type: "button", part: { button: { payload: m.payload, text: m.text } } };
    case "reaction":
      // Removing a reaction omits `emoji`.
      return { type: "reaction", part: { reaction: { message_id: m.messageId, ...(m.emoji ? { emoji: m.emoji } : {}) } } };
    case "contacts":
      return {
        type: "contacts",
        part: {
          contacts: m.contacts.map((c) => ({
            name: { formatted_name: c.name, first_name: c.name.split(" ")[0] },
            ...(c.phone ? { phones: [{ phone: c.phone, wa_id: c.phone.replace(/[^\d]/g, ""), type: "CELL" }] } : {}),
          })),
        },
      };
  }
}

/** Make `user` send `m`; resolves with the wamid and (when waited for) the delivery outcome. */
export async function sendAsUser(
  sb: SandboxContext,
  user: TSimUser,
  m: TUserMessage,
  wait = true,
): Promise<{ wamid: string; delivery?: TDeliveryResult } | { error: string }> {
  const { store, sender } = sb;
  const built = buildInbound(sb, m);
  if (typeof built === "string") return { error: built };
  const wamid = store.newWamid(user);
  const now = store.now();
  const message: Record<string, unknown> = { id: wamid, timestamp: unixSeconds(now), type: built.type, ...built.part };
  const ctxId = "replyTo" in m ? m.replyTo : undefined;
  // Replies and interactive/button answers point at the business message (`context.from` is the business number).
  if (ctxId) message.context = { from: store.options.displayPhoneNumber, id: ctxId };
  store.inbound.set(wamid, { wamid, userKey: user.key, type: built.type, payload: message, createdAt: now, readByBusinessAt: null });
  user.lastUserMessageAt = now; // opens / refreshes the customer-service window
  const delivery = sender.deliver("messages", inboundMessageValue(user, message), `${built.type} from ${user.key}`);
  if (!wait) return { wamid };
  return { wamid, delivery: await delivery };
}

export async function postUserMessage(sb: SandboxContext, ctx: RouteContext): Promise<void> {
  const user = findUserOr404(sb, ctx);
  if (!user) return;
  const input = await parseBody(ctx, ZSendAsUserSchema);
  if (!input) return;
  const { wait, ...m } = input;
  const r = await sendAsUser(sb, user, m as TUserMessage, wait ?? true);
  if ("error" in r) return badRequest(ctx, r.error);
  sendJson(ctx.res, 200, r);
}
