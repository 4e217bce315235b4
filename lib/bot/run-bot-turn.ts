import "server-only";
import type { Prisma } from "@prisma/client";
import { getDb } from "@/lib/core/db";
import { createKeyedMutex } from "@/lib/core/keyed-mutex";
import type { Logger } from "@/lib/core/logger";
import { recordScoreChanges } from "@/lib/leads/record-score-changes";
import { scoreEventsFromTurn } from "@/lib/leads/score-events-from-turn";
import type { TBotMessage } from "./engine";
import { applyEscalationRules } from "./flows/apply-escalation-rules";
import { readBotData, writeBotData, type TFlowData } from "./flows/bot-data";
import { buildEngine } from "./flows/build-engine";
import { isWithinBusinessHours } from "./flows/business-hours";
import { executeBotActions } from "./flows/execute-bot-actions";
import { handOffToHuman } from "./flows/hand-off-to-human";
import { prepareTurnInput } from "./flows/prepare-turn-input";
import { sendAsBot } from "./flows/send-as-bot";
import { handBackToBot } from "./bot-state";
import type { TBotLanguage } from "./language";
import { parseBotSettings } from "./settings.schema";

export interface RunBotTurnOptions {
  messageId: string;
  /** The message's conversation, when the caller knows it: the lock is then taken before any await. */
  conversationId?: string;
  now: Date;
  log: Logger;
}

export type TBotTurnOutcome =
  | { skipped: string }
  | { engine: string; actions: string[]; sent: number; score: number; handedOff: boolean };

/** The out-of-hours reply goes out at most once in this long. */
const OUT_OF_HOURS_REPEAT_MS = 12 * 3600_000;

/**
 * The `bot.turn` job: one inbound message of a conversation the bot owns → engine turn → actions
 * carried out (messages through the normal outbox, bookings through the appointment use-cases) →
 * lead score and bot state saved. Runs once per message (botData.flow.lastMessageId); the bot says
 * nothing when it is off for the workspace or the number, the contact opted out, a human owns the
 * conversation (except the out-of-hours reply) or the agent paused it.
 */
export async function runBotTurn(o: RunBotTurnOptions): Promise<TBotTurnOutcome> {
  // Turns of one conversation never interleave (quick successive messages would otherwise race on
  // the bot state), and they queue in the order the runner started them (oldest message first):
  // with the conversation known, the lock is taken before any await could reorder them.
  if (o.conversationId) return botTurnLock(o.conversationId, () => runBotTurnLocked(o));
  const db = await getDb();
  const target = await db.message.findUnique({ where: { id: o.messageId }, select: { conversationId: true } });
  if (!target) return { skipped: "no_inbound_message" };
  // In-process only: the job runner lives in the web process; with several web instances, a turn
  // that lost the race is caught by the "superseded" check below.
  return botTurnLock(target.conversationId, () => runBotTurnLocked(o));
}

const botTurnLock = createKeyedMutex();

/** The message types the bot answers (ingest enqueues a bot.turn for these only). */
const BOT_MESSAGE_TYPES = ["text", "interactive", "button"];

interface TOrdered {
  id: string;
  createdAt: Date;
  receivedAt: Date;
}

/**
 * Conversation order: createdAt (Meta's second, ordered within it by arrival: messageTime), then
 * arrival at our webhook (late webhooks of one second share its last millisecond), then id.
 */
export function compareMessageOrder(a: TOrdered, b: TOrdered): number {
  return a.createdAt.getTime() - b.createdAt.getTime() || a.receivedAt.getTime() - b.receivedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Answers the message, after any earlier one of the conversation whose turn has not run yet: the
 * runner may start the turns of quick successive messages in either order (their deliveries are
 * processed concurrently), and the customer must be answered in the order they wrote.
 */
async function runBotTurnLocked(o: RunBotTurnOptions): Promise<TBotTurnOutcome> {
  let outcome: TBotTurnOutcome = { skipped: "no_inbound_message" };
  for (const messageId of await unansweredThrough(o.messageId)) outcome = await answerMessage({ ...o, messageId });
  return outcome;
}

/** This message's id, preceded (oldest first) by earlier inbound messages whose bot turn is still pending. */
async function unansweredThrough(messageId: string): Promise<string[]> {
  const db = await getDb();
  const target = await db.message.findUnique({
    where: { id: messageId },
    select: { id: true, createdAt: true, receivedAt: true, conversationId: true, direction: true, conversation: { select: { botData: true } } },
  });
  if (!target || target.direction !== "inbound") return [messageId];
  const { flow } = readBotData(target.conversation.botData);
  const last = flow.lastMessageId
    ? await db.message.findUnique({ where: { id: flow.lastMessageId }, select: { id: true, createdAt: true, receivedAt: true } })
    : null;
  if (last && compareMessageOrder(last, target) >= 0) return [messageId]; // answered or superseded: answerMessage says which
  const candidates = await db.message.findMany({
    where: {
      conversationId: target.conversationId,
      direction: "inbound",
      type: { in: BOT_MESSAGE_TYPES },
      id: { not: target.id },
      createdAt: { lte: target.createdAt, ...(last ? { gte: last.createdAt } : {}) },
    },
    select: { id: true, createdAt: true, receivedAt: true },
    orderBy: [{ createdAt: "desc" }],
    take: 20,
  });
  const earlier = candidates.filter((m) => compareMessageOrder(m, target) < 0 && (!last || compareMessageOrder(m, last) > 0));
  if (earlier.length === 0) return [messageId];
  // Only those the runner still has to answer (not a message from before the bot was switched on).
  const pending = await db.job.findMany({
    where: { idempotencyKey: { in: earlier.map((m) => `bot.turn:${m.id}`) }, status: { in: ["queued", "running", "failed"] } },
    select: { idempotencyKey: true },
  });
  const pendingIds = new Set(pending.map((j) => j.idempotencyKey!.slice("bot.turn:".length)));
  return [...earlier.filter((m) => pendingIds.has(m.id)).sort(compareMessageOrder).map((m) => m.id), messageId];
}

async function answerMessage(o: RunBotTurnOptions): Promise<TBotTurnOutcome> {
  const db = await getDb();
  const msg = await db.message.findUnique({
    where: { id: o.messageId },
    select: {
      id: true,
      createdAt: true,
      receivedAt: true,
      direction: true,
      type: true,
      body: true,
      content: true,
      workspaceId: true,
      contact: { select: { id: true, optedOut: true, language: true } },
      conversation: {
        select: {
          id: true,
          status: true,
          botState: true,
          botData: true,
          assigneeId: true,
          resolvedAt: true,
          phoneNumber: { select: { botEnabled: true } },
        },
      },
      workspace: { select: { settings: true } },
    },
  });
  if (!msg || msg.direction !== "inbound") return { skipped: "no_inbound_message" };
  const settings = parseBotSettings(msg.workspace.settings);
  const conv = msg.conversation;
  if (!settings.enabled) return { skipped: "bot_disabled" };
  if (!conv.phoneNumber?.botEnabled) return { skipped: "number_disabled" };
  if (msg.contact.optedOut) return { skipped: "opted_out" };
  if (conv.status === "resolved") return { skipped: "resolved" };
  let { state, flow } = readBotData(conv.botData);
  if (flow.lastMessageId === msg.id) return { skipped: "already_answered" };
  if (flow.lastMessageId) {
    // A later message was answered before this one arrived (or on another instance): that turn saw it.
    const last = await db.message.findUnique({ where: { id: flow.lastMessageId }, select: { id: true, createdAt: true, receivedAt: true } });
    if (last && compareMessageOrder(last, msg) > 0) return { skipped: "superseded" };
  }
  const inHours = isWithinBusinessHours(settings.businessHours, o.now);

  let botState = conv.botState;
  if (
    botState === "handed_off" &&
    settings.resume === "on_resolve" &&
    conv.resolvedAt &&
    flow.handedOffAt &&
    conv.resolvedAt.getTime() > Date.parse(flow.handedOffAt)
  ) {
    // Resolved after the hand-off and reopened: the workspace's rule gives the conversation back to the bot.
    botState = "active";
    state = handBackToBot(state);
    flow = { ...flow, handedOffAt: undefined };
  }
  if (
    botState === "active" &&
    state.turns === 0 &&
    settings.resume === "manual" &&
    (await previousHandOffPending(msg.workspaceId, msg.contact.id, conv.id))
  ) {
    // "manual": a hand-off lasts until an agent hands back, also across a new conversation.
    await saveState(
      conv.id,
      { ...state, handedOff: true },
      { ...flow, lastMessageId: msg.id, handedOffAt: o.now.toISOString() },
      "handed_off",
    );
    return { skipped: "handed_off" };
  }
  if (botState !== "active") {
    if (botState === "handed_off" && !inHours && settings.outOfHoursReply && outOfHoursDue(flow, o.now)) {
      await sendAsBot(msg.workspaceId, conv.id, { type: "text", text: settings.outOfHoursReply }, o.now);
      await saveState(conv.id, state, { ...flow, lastMessageId: msg.id, outOfHoursAt: o.now.toISOString() });
      return { skipped: "handed_off_out_of_hours_reply" };
    }
    return { skipped: botState };
  }

  const started = performance.now();
  const message = botMessage(msg.type, msg.body, msg.content);
  const language = isLanguage(msg.contact.language) ? msg.contact.language : undefined;
  const selected = buildEngine(settings);
  const input = await prepareTurnInput({
    workspaceId: msg.workspaceId,
    agentId: conv.assigneeId,
    message,
    state,
    ...(language ? { language } : {}),
    now: o.now,
  });
  const result = applyEscalationRules(await selected.engine.turn(input), settings);
  const engineMs = performance.now() - started;

  const executed = await executeBotActions({
    workspaceId: msg.workspaceId,
    conversationId: conv.id,
    contactId: msg.contact.id,
    agentId: conv.assigneeId,
    before: state,
    state: result.state,
    actions: result.actions,
    language: result.language,
    now: o.now,
    log: o.log,
  });

  const qualification = executed.applied.flatMap((a) =>
    a.type === "qualify" ? [`${a.field.replace("_", " ")}: ${a.value}`] : [],
  );
  const score = await db.$transaction(async (tx) => {
    const s = await recordScoreChanges(tx, {
      workspaceId: msg.workspaceId,
      contactId: msg.contact.id,
      events: scoreEventsFromTurn({
        ...(result.intent ? { intent: result.intent } : {}),
        actions: executed.applied,
      }),
      qualification,
      now: o.now,
    });
    await tx.contact.update({
      where: { id: msg.contact.id },
      data: { language: result.language, ...(executed.optedOut ? { optedOut: true } : {}) },
    });
    if (!executed.escalation) {
      await tx.conversation.update({
        where: { id: conv.id },
        data: {
          botData: writeBotData(executed.state, { ...flow, lastMessageId: msg.id }) as Prisma.InputJsonValue,
        },
      });
    }
    return s;
  });

  if (executed.escalation) {
    await handOffToHuman({
      workspaceId: msg.workspaceId,
      conversationId: conv.id,
      reason: executed.escalation.reason,
      summary: executed.escalation.summary,
      state: executed.state,
      flow: { ...flow, lastMessageId: msg.id, ...(inHours ? {} : { outOfHoursAt: o.now.toISOString() }) },
      now: o.now,
    });
    if (!inHours && settings.outOfHoursReply)
      await sendAsBot(msg.workspaceId, conv.id, { type: "text", text: settings.outOfHoursReply }, o.now);
  }
  o.log.info(
    {
      engine: result.engine ?? selected.engine.name,
      engineMs: Math.round(engineMs),
      actions: result.actions.map((a) => a.type),
    },
    "bot turn",
  );
  return {
    engine: result.engine ?? selected.engine.name,
    actions: executed.applied.map((a) => a.type),
    sent: executed.sent.length,
    score: score.score,
    handedOff: executed.escalation !== null,
  };
}

/** The engine's view of an inbound message: text, or the title and id of a tapped row/button. */
export function botMessage(type: string, body: string | null, content: unknown): TBotMessage {
  const c = (content && typeof content === "object" ? content : {}) as {
    id?: unknown;
    title?: unknown;
    payload?: unknown;
    text?: unknown;
  };
  if (type === "interactive") {
    return {
      text: typeof c.title === "string" ? c.title : (body ?? ""),
      ...(typeof c.id === "string" ? { replyId: c.id } : {}),
    };
  }
  if (type === "button")
    return {
      text: typeof c.text === "string" ? c.text : (body ?? ""),
      ...(typeof c.payload === "string" ? { replyId: c.payload } : {}),
    };
  return { text: body ?? "" };
}

function isLanguage(v: unknown): v is TBotLanguage {
  return v === "en" || v === "hi" || v === "hinglish";
}

function outOfHoursDue(flow: TFlowData, now: Date): boolean {
  return !flow.outOfHoursAt || now.getTime() - Date.parse(flow.outOfHoursAt) >= OUT_OF_HOURS_REPEAT_MS;
}

async function saveState(
  conversationId: string,
  state: ReturnType<typeof readBotData>["state"],
  flow: TFlowData,
  botState?: "handed_off",
): Promise<void> {
  const db = await getDb();
  await db.conversation.update({
    where: { id: conversationId },
    data: { botData: writeBotData(state, flow) as Prisma.InputJsonValue, ...(botState ? { botState } : {}) },
  });
}

/** The contact's previous conversation ended in a hand-off nobody handed back. */
async function previousHandOffPending(
  workspaceId: string,
  contactId: string,
  conversationId: string,
): Promise<boolean> {
  const db = await getDb();
  const prev = await db.conversation.findFirst({
    where: { workspaceId, contactId, id: { not: conversationId } },
    orderBy: { createdAt: "desc" },
    select: { botState: true },
  });
  return prev?.botState === "handed_off";
}
