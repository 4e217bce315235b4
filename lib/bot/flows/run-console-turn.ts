import "server-only";
import { getDb } from "@/lib/core/db";
import { parseBotState } from "../bot-state";
import type { TBotConsoleInput, TBotConsoleResult } from "../console.schema";
import { parseBotSettings } from "../settings.schema";
import { applyEscalationRules } from "./apply-escalation-rules";
import { buildEngine } from "./build-engine";
import { prepareTurnInput } from "./prepare-turn-input";

/**
 * One test-console turn: the same engine, knowledge and free slots a customer would get, and the
 * actions it would take — executed nowhere (no message, no booking, no score). The state travels
 * with the client between turns.
 */
export async function runConsoleTurn(o: {
  workspaceId: string;
  input: TBotConsoleInput;
  now?: Date;
}): Promise<TBotConsoleResult> {
  const db = await getDb();
  const ws = await db.workspace.findUniqueOrThrow({
    where: { id: o.workspaceId },
    select: { settings: true },
  });
  const settings = parseBotSettings(ws.settings);
  const started = performance.now();
  const now = o.now ?? new Date();
  const state = parseBotState(o.input.state ?? {});
  const input = await prepareTurnInput({
    workspaceId: o.workspaceId,
    agentId: null,
    message: { text: o.input.message, ...(o.input.replyId ? { replyId: o.input.replyId } : {}) },
    state,
    now,
  });
  const selected = buildEngine(settings);
  const result = applyEscalationRules(await selected.engine.turn(input), settings);
  return {
    actions: result.actions,
    state: result.state as unknown as Record<string, unknown>,
    engine: result.engine ?? selected.engine.name,
    language: result.language,
    confidence: result.confidence,
    tookMs: Math.round((performance.now() - started) * 10) / 10,
  };
}
