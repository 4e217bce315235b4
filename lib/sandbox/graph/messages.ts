import type { RouteContext } from "../http";
import { sendJson } from "../http";
import type { SandboxContext } from "../context";
import type { TAsyncError, TSimOutbound, TSimUser } from "../store";
import { statusObject } from "../webhook-payloads";
import { WINDOW_MS } from "@/lib/whatsapp/window";
import { GraphError, asyncErrors, graphErrors, sendGraphError } from "./errors";
import { validateMessageRequest } from "./validate-message";

/**
 * `POST /{version}/{phone-number-id}/messages` (reference §2.3, §2.4, §3, §9.1).
 * Sync checks answer with Meta's error envelope; accepted sends answer
 * `{ messaging_product, contacts: [{ input, wa_id }], messages: [{ id }] }` and then the statuses
 * follow as webhooks: sent → delivered (→ read when the simulated user reads), or failed.
 */
export async function postMessages(sb: SandboxContext, ctx: RouteContext): Promise<void> {
  const { store } = sb;
  const version = ctx.params.version!;
  if (ctx.params.id !== store.options.phoneNumberId) return sendGraphError(ctx.res, graphErrors.unsupportedRequest("POST", ctx.params.id!));

  let body: unknown;
  try {
    body = await ctx.json();
  } catch {
    return sendGraphError(ctx.res, graphErrors.invalidParameter("Request body is not valid JSON."));
  }

  let v;
  try {
    v = validateMessageRequest(body, store.templates, (id) => store.media.has(id));
  } catch (err) {
    if (err instanceof GraphError) return sendGraphError(ctx.res, err);
    throw err;
  }

  if (v.kind === "read") {
    const inbound = store.inbound.get(v.messageId);
    if (!inbound) return sendGraphError(ctx.res, graphErrors.invalidParameter(`Message ${v.messageId} was not found.`));
    // Marking one message read marks every earlier message in that thread read (§2.4).
    const now = store.now();
    for (const m of store.inbound.values()) {
      if (m.userKey === inbound.userKey && m.createdAt <= inbound.createdAt && m.readByBusinessAt === null) m.readByBusinessAt = now;
    }
    const user = store.users.get(inbound.userKey);
    if (user && v.typing) user.typingUntil = now + 25_000; // cleared on the next message or after 25 s
    return sendJson(ctx.res, 200, { success: true });
  }

  const req = body as Record<string, unknown>;
  const failure = store.takeFailure();
  switch (failure) {
    case "429":
      return sendGraphError(ctx.res, graphErrors.throughput(429));
    case "130429":
      return sendGraphError(ctx.res, graphErrors.throughput(400));
    case "131056":
      return sendGraphError(ctx.res, graphErrors.pairRateLimit());
    case "500":
      return sendGraphError(ctx.res, graphErrors.unknown());
    case "503":
      return sendGraphError(ctx.res, graphErrors.unavailable());
    case "190":
      return sendGraphError(ctx.res, graphErrors.expiredToken());
  }
  if (store.throughput.tryTake() > 0) return sendGraphError(ctx.res, graphErrors.throughput(400));

  const user = store.findRecipient(v.to, v.recipient);
  let asyncError: TAsyncError | undefined;
  if (failure === "131047") asyncError = asyncErrors.reengagement();
  else if (failure === "131026" || !user) asyncError = asyncErrors.undeliverable(); // unknown recipient: accepted, then failed (§9.1)
  else if (v.type !== "template" && !windowOpen(user, store.now())) {
    if (store.options.windowEnforcement === "sync") return sendGraphError(ctx.res, graphErrors.reengagement());
    asyncError = asyncErrors.reengagement();
  }

  const wamid = store.newWamid(user);
  const now = store.now();
  const outbound: TSimOutbound = {
    wamid,
    userKey: user?.key ?? null,
    request: req,
    type: v.type,
    status: "accepted",
    createdAt: now,
    statusAt: { accepted: now },
    ...(asyncError ? { error: asyncError } : {}),
  };
  store.outbound.set(wamid, outbound);
  if (user) user.typingUntil = null; // the business's next message clears "typing…"

  const contact: Record<string, unknown> = { input: v.to ?? v.recipient };
  if (user?.waId && v.to) contact.wa_id = user.waId;
  if (v.recipient && user) contact.user_id = user.userId;
  const message: Record<string, unknown> = { id: wamid };
  if (v.type === "template") message.message_status = "accepted";
  sendJson(ctx.res, 200, { messaging_product: "whatsapp", contacts: [contact], messages: [message] });

  // Statuses go out after the response is on the wire, as with Meta (the app learns the wamid first).
  const generation = store.generation;
  ctx.res.once("finish", () => {
    if (generation !== store.generation) return;
    void emitInitialStatuses(sb, outbound, user ?? null, version, (v.to ?? v.recipient) as string);
  });
}

function windowOpen(user: TSimUser, now: number): boolean {
  return user.lastUserMessageAt !== null && now - user.lastUserMessageAt < WINDOW_MS;
}

function categoryOf(o: TSimOutbound, template?: { category: string }): string {
  return o.type === "template" ? (template?.category ?? "utility").toLowerCase() : "service";
}

async function emitInitialStatuses(sb: SandboxContext, o: TSimOutbound, user: TSimUser | null, version: string, rawRecipient: string): Promise<void> {
  const { store, sender } = sb;
  const bizOpaque = typeof o.request.biz_opaque_callback_data === "string" ? o.request.biz_opaque_callback_data : undefined;
  const template = o.type === "template" ? store.templates.find((t) => t.name === (o.request.template as { name?: string })?.name) : undefined;
  const base = { wamid: o.wamid, user, rawRecipient, bizOpaqueCallbackData: bizOpaque, apiVersion: version, category: categoryOf(o, template) };
  if (o.error) {
    const at = store.now();
    o.status = "failed";
    o.statusAt.failed = at;
    await sender.deliverStatuses([statusObject({ ...base, status: "failed", at, error: o.error })]);
    return;
  }
  const at = store.now();
  o.status = "sent";
  o.statusAt.sent = at;
  const batch = [statusObject({ ...base, status: "sent", at })];
  if (store.webhook.autoDeliver) {
    o.status = "delivered";
    o.statusAt.delivered = at;
    batch.push(statusObject({ ...base, status: "delivered", at }));
  }
  await sender.deliverStatuses(batch);
}

/** The simulated user reads: every sent/delivered message to them becomes read (one status each). */
export async function userReads(sb: SandboxContext, user: TSimUser, upToWamid?: string): Promise<string[]> {
  const { store, sender } = sb;
  const limit = upToWamid ? store.outbound.get(upToWamid)?.createdAt : undefined;
  const at = store.now();
  const read: TSimOutbound[] = [];
  for (const o of store.outbound.values()) {
    if (o.userKey !== user.key) continue;
    if (o.status !== "sent" && o.status !== "delivered") continue;
    if (limit !== undefined && o.createdAt > limit) continue;
    o.status = "read";
    o.statusAt.read = at;
    read.push(o);
  }
  const statuses = read.map((o) =>
    statusObject({ wamid: o.wamid, status: "read", at, user, bizOpaqueCallbackData: o.request.biz_opaque_callback_data as string | undefined }),
  );
  await sender.deliverStatuses(statuses);
  return read.map((o) => o.wamid);
}

/** The phone comes online: every sent message becomes delivered (used when autoDeliver is off). */
export async function userReceives(sb: SandboxContext, user: TSimUser): Promise<string[]> {
  const { store, sender } = sb;
  const at = store.now();
  const list = [...store.outbound.values()].filter((o) => o.userKey === user.key && o.status === "sent");
  for (const o of list) {
    o.status = "delivered";
    o.statusAt.delivered = at;
  }
  await sender.deliverStatuses(list.map((o) => statusObject({ wamid: o.wamid, status: "delivered", at, user })));
  return list.map((o) => o.wamid);
}
