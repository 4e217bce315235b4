import { createClaudeEngine, type TClaudeEngineOptions } from "./claude-engine";
import { readClaudeConfig } from "./claude/config";
import type { BotEngine } from "./engine";
import { createRuleEngine, type TRuleEngineOptions } from "./rule-engine";

/**
 * The engine a workspace's bot runs on: Claude when ANTHROPIC_API_KEY is set (falling back to the
 * rule engine turn by turn when the API fails — see claude-engine.ts), otherwise the offline rule
 * engine, the embedded default. `preferred: "rules"` (the workspace setting) forces the rule engine.
 */
export interface SelectEngineOptions {
  env?: Record<string, string | undefined>;
  preferred?: "auto" | "claude" | "rules";
  rules?: TRuleEngineOptions;
  claude?: Omit<TClaudeEngineOptions, "rules">;
}

export interface TSelectedEngine {
  engine: BotEngine;
  kind: "claude" | "rules";
  /** Why this engine (shown in the bot settings page). */
  reason: string;
}

export function selectEngine(options: SelectEngineOptions = {}): TSelectedEngine {
  const config = readClaudeConfig(options.env ?? process.env);
  const rules = createRuleEngine(options.rules);
  if (options.preferred === "rules") return { engine: rules, kind: "rules", reason: "the workspace chose the offline rule engine" };
  if (!config.apiKey) {
    return {
      engine: rules,
      kind: "rules",
      reason: options.preferred === "claude" ? "Claude was chosen but ANTHROPIC_API_KEY is not set" : "ANTHROPIC_API_KEY is not set",
    };
  }
  const engine = createClaudeEngine({ ...config, ...options.claude, ...(options.rules ? { rules: options.rules } : {}), fallback: rules });
  return { engine, kind: "claude", reason: `Claude (${config.model}) with the rule engine as fallback` };
}
