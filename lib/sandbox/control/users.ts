import { z } from "zod";
import type { SandboxContext } from "../context";
import type { RouteContext } from "../http";
import { sendJson } from "../http";
import type { TSimUser } from "../store";
import { userReads, userReceives } from "../graph/messages";
import { badRequest, notFound, parseBody } from "./respond";

export const ZCreateUserSchema = z
  .object({
    /** Phone number (E.164, "+" optional) — the classic WhatsApp user. */
    phone: z.string().regex(/^\+?[\d\s\-()]{6,20}$/).optional(),
    /** 2026 username, e.g. "@asha" — with no phone, webhooks carry only the BSUID. */
    username: z.string().regex(/^@?[a-z0-9._]{3,35}$/i).optional(),
    name: z.string().min(1).max(100).optional(),
    country: z.string().length(2).optional(),
    hidePhone: z.boolean().optional(),
  })
  .strict()
  .refine((v) => v.phone || v.username, { message: "phone or username is required" });

export function userView(sb: SandboxContext, u: TSimUser): Record<string, unknown> {
  const expires = u.lastUserMessageAt !== null ? u.lastUserMessageAt + 24 * 3600_000 : null;
  const now = sb.store.now();
  return {
    key: u.key,
    waId: u.waId ?? null,
    userId: u.userId,
    username: u.username ?? null,
    name: u.name,
    hidePhone: u.hidePhone,
    lastUserMessageAt: u.lastUserMessageAt !== null ? new Date(u.lastUserMessageAt).toISOString() : null,
    windowOpen: expires !== null && now < expires,
    windowExpiresAt: expires !== null ? new Date(expires).toISOString() : null,
  };
}

export async function createUser(sb: SandboxContext, ctx: RouteContext): Promise<void> {
  const input = await parseBody(ctx, ZCreateUserSchema);
  if (!input) return;
  const { user, created } = sb.store.createUser(input);
  sendJson(ctx.res, created ? 201 : 200, userView(sb, user));
}

export function listUsers(sb: SandboxContext, ctx: RouteContext): void {
  sendJson(ctx.res, 200, { data: [...sb.store.users.values()].map((u) => userView(sb, u)) });
}

export function findUserOr404(sb: SandboxContext, ctx: RouteContext): TSimUser | undefined {
  const user = sb.store.findUser(ctx.params.key!);
  if (!user) notFound(ctx, `No simulated user ${ctx.params.key}`);
  return user;
}

export function getUser(sb: SandboxContext, ctx: RouteContext): void {
  const user = findUserOr404(sb, ctx);
  if (user) sendJson(ctx.res, 200, userView(sb, user));
}

/** What the user's phone shows: business messages with ticks, blue ticks on their own, "typing…". */
export function getInbox(sb: SandboxContext, ctx: RouteContext): void {
  const user = findUserOr404(sb, ctx);
  if (!user) return;
  const { store } = sb;
  const now = store.now();
  const iso = (ms: number | undefined | null) => (ms === undefined || ms === null ? null : new Date(ms).toISOString());
  const received = [...store.outbound.values()]
    .filter((o) => o.userKey === user.key)
    .map((o) => ({
      wamid: o.wamid,
      type: o.type,
      content: o.request[o.type] ?? null,
      replyTo: (o.request.context as { message_id?: string } | undefined)?.message_id ?? null,
      status: o.status,
      error: o.error ?? null,
      createdAt: iso(o.createdAt),
      sentAt: iso(o.statusAt.sent),
      deliveredAt: iso(o.statusAt.delivered),
      readAt: iso(o.statusAt.read),
    }));
  const sent = [...store.inbound.values()]
    .filter((m) => m.userKey === user.key)
    .map((m) => ({ wamid: m.wamid, type: m.type, payload: m.payload, createdAt: iso(m.createdAt), readByBusinessAt: iso(m.readByBusinessAt) }));
  sendJson(ctx.res, 200, { user: userView(sb, user), received, sent, typing: user.typingUntil !== null && now < user.typingUntil });
}

export const ZReadSchema = z.object({ wamid: z.string().optional() }).strict();

export async function markRead(sb: SandboxContext, ctx: RouteContext): Promise<void> {
  const user = findUserOr404(sb, ctx);
  if (!user) return;
  const input = await parseBody(ctx, ZReadSchema);
  if (!input) return;
  if (input.wamid && !sb.store.outbound.has(input.wamid)) return badRequest(ctx, `Unknown message ${input.wamid}`);
  const read = await userReads(sb, user, input.wamid);
  sendJson(ctx.res, 200, { read });
}

/** The phone comes online (only meaningful with autoDeliver off): sent → delivered. */
export async function markDelivered(sb: SandboxContext, ctx: RouteContext): Promise<void> {
  const user = findUserOr404(sb, ctx);
  if (!user) return;
  sendJson(ctx.res, 200, { delivered: await userReceives(sb, user) });
}
