import { z } from "zod";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { initialBotState, type TBotState } from "@/lib/bot/bot-state";
import { createClaudeEngine, type TClaudeEngineOptions } from "@/lib/bot/claude-engine";
import { ZQualifyToolInputSchema } from "@/lib/bot/claude/tools";
import type { TBotTurnInput } from "@/lib/bot/engine";
import { renderReply } from "@/lib/bot/replies";
import { createRuleEngine } from "@/lib/bot/rule-engine";
import { selectEngine } from "@/lib/bot/select-engine";
import { KNOWLEDGE_FIXTURE } from "@/lib/bot/testing/knowledge-fixture";
import { TEST_AVAILABILITY } from "@/lib/bot/testing/conversation";
import { availableSlots } from "@/lib/appointments/slots";
import { startFakeAnthropic, type RunningFakeAnthropic, type TLoggedRequest } from "@/lib/sandbox/anthropic/server";
import { apiError, callTools, say, toolUse } from "@/lib/sandbox/anthropic/script";

/**
 * The Claude engine through the real @anthropic-ai/sdk over real HTTP to the fake Messages API:
 * the tool_use → tool_result → text round, zod repair, and every API failure → rule-engine fallback.
 */
const KEY = "sk-ant-test-key";
const now = new Date("2026-11-27T06:00:00Z");
let fake: RunningFakeAnthropic;

beforeAll(async () => {
  fake = await startFakeAnthropic({ apiKeys: [KEY] });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  fake.setDelay(0);
});

const engineWith = (o: TClaudeEngineOptions = {}) =>
  createClaudeEngine({ apiKey: KEY, baseURL: fake.url, timeoutMs: 5_000, maxRetries: 2, rules: { businessName: "Acme Realty" }, ...o });

function input(text: string, state: TBotState = initialBotState()): TBotTurnInput {
  return {
    message: { text },
    state,
    knowledge: KNOWLEDGE_FIXTURE,
    now,
    availableSlots: availableSlots({ availability: TEST_AVAILABILITY, booked: [], from: now, count: 40, language: "en" }),
  };
}
type TBody = { model: string; system: string; tools: Array<{ name: string; input_schema: unknown }>; messages: Array<{ role: string; content: unknown }> };
const bodyOf = (r: TLoggedRequest) => r.body as TBody;
const blocks = (m: { content: unknown }) => m.content as Array<Record<string, unknown>>;

describe("Claude engine — tool use round trip", () => {
  it("sends tools generated from the action schemas, validates tool_use, answers with tool_result, then takes the final text", async () => {
    fake.script(
      callTools(
        toolUse("qualify", { field: "budget", value: "INR 50000", raw: "around 50k", amount: 50_000, currency: "INR" }),
        toolUse("qualify", { field: "need", value: "3BHK flat near the metro", raw: "I need a 3BHK flat near the metro" }),
      ),
      say("Thanks, noted! When are you planning to buy?"),
    );
    const result = await engineWith().turn(input("I need a 3BHK flat near the metro, budget around 50k"));

    expect(result.engine).toBe("claude");
    expect(result.requests).toBe(2);
    expect(result.actions).toEqual([
      { type: "qualify", field: "budget", value: "INR 50000", raw: "around 50k", amount: 50_000, currency: "INR" },
      { type: "qualify", field: "need", value: "3BHK flat near the metro", raw: "I need a 3BHK flat near the metro" },
      { type: "reply", text: "Thanks, noted! When are you planning to buy?" },
    ]);
    expect(result.state.qualification.budget).toMatchObject({ amount: 50_000, currency: "INR" });
    expect(result.state.turns).toBe(1);

    expect(fake.requests).toHaveLength(2);
    const [first, second] = fake.requests.map(bodyOf);
    expect(fake.requests[0]!.headers).toMatchObject({ "x-api-key": KEY, "anthropic-version": "2023-06-01" });
    expect(first!.model).toBe("claude-sonnet-4-5");
    expect(first!.tools.map((t) => t.name)).toEqual(["reply", "ask", "qualify", "propose_slots", "book", "reschedule", "cancel", "escalate", "opt_out"]);
    const { $schema: _s, ...qualifySchema } = z.toJSONSchema(ZQualifyToolInputSchema, { io: "input" }) as Record<string, unknown>;
    expect(first!.tools.find((t) => t.name === "qualify")!.input_schema).toEqual(qualifySchema);
    // The customer's words travel only as wrapped, untrusted user content.
    expect(first!.messages).toEqual([{ role: "user", content: '<customer_message untrusted="true">\nI need a 3BHK flat near the metro, budget around 50k\n</customer_message>' }]);
    expect(first!.system).not.toContain("3BHK");

    // Round two: the assistant's tool_use turn verbatim, then one tool_result per tool_use id.
    const assistant = second!.messages[1]!;
    const toolUses = blocks(assistant).filter((b) => b.type === "tool_use");
    const results = blocks(second!.messages[2]!);
    expect(assistant.role).toBe("assistant");
    expect(results.map((r) => r.tool_use_id)).toEqual(toolUses.map((u) => u.id));
    expect(results.every((r) => r.type === "tool_result" && r.is_error === undefined)).toBe(true);
    expect(String(toolUses[0]!.id)).toMatch(/^toolu_/);
  });

  it("puts the relevant knowledge entries, the offered slots and the language hint into the system prompt", async () => {
    fake.script(say("प्लान ₹999 प्रति माह से शुरू होते हैं।"));
    const result = await engineWith().turn(input("कीमत क्या है?"));
    expect(result.language).toBe("hi");
    const system = bodyOf(fake.requests[0]!).system;
    expect(system).toContain("Hindi in Devanagari script");
    expect(system).toContain("प्लान ₹999 प्रति माह से शुरू होते हैं");
    expect(system).not.toContain("12 MG Road"); // irrelevant entries stay out
    const firstSlot = input("x").availableSlots[0]!;
    expect(system).toContain(`- slot_id: ${firstSlot.id} | ${firstSlot.label}`);
  });

  it("rejects a tool input that fails the zod schema with is_error, and accepts the repaired call", async () => {
    fake.script(
      callTools(toolUse("qualify", { field: "budget", value: "50k", raw: "50k", amount: "fifty thousand", currency: "RUPEES" })),
      callTools(toolUse("qualify", { field: "budget", value: "INR 50000", raw: "50k", amount: 50_000, currency: "INR" })),
      say("Got it."),
    );
    const result = await engineWith().turn(input("50k"));
    expect(result.engine).toBe("claude");
    expect(result.actions.map((a) => a.type)).toEqual(["qualify", "reply"]);
    expect(result.actions[0]).toMatchObject({ amount: 50_000, currency: "INR" });
    const repair = blocks(bodyOf(fake.requests[1]!).messages[2]!)[0]!;
    expect(repair).toMatchObject({ type: "tool_result", is_error: true });
    expect(String(repair.content)).toMatch(/amount: .*number/);
    expect(String(repair.content)).toMatch(/currency/);
  });

  it("falls back to the rule engine when the repair is invalid too (one repair round only)", async () => {
    const bad = callTools(toolUse("book", { slotId: "" }));
    fake.script(bad, bad, say("never reached"));
    const turn = input("Hi");
    const result = await engineWith().turn(turn);
    expect(result).toMatchObject({ engine: "rule_fallback", fallbackReason: "invalid_tool_input", requests: 2 });
    expect(fake.requests).toHaveLength(2);
    expect(fake.pending()).toBe(1);
    const rules = await createRuleEngine({ businessName: "Acme Realty" }).turn(turn);
    expect(result.actions).toEqual(rules.actions);
  });

  it("treats an unknown tool name as invalid input", async () => {
    fake.script(callTools(toolUse("delete_all_contacts", {})), say("Hello!"));
    const result = await engineWith().turn(input("Hi"));
    expect(result.actions).toEqual([{ type: "reply", text: "Hello!" }]);
    expect(String(blocks(bodyOf(fake.requests[1]!).messages[2]!)[0]!.content)).toContain('Unknown tool "delete_all_contacts"');
  });

  it("stops after three requests", async () => {
    fake.script(
      callTools(toolUse("qualify", { field: "need", value: "flat", raw: "flat" })),
      callTools(toolUse("reply", { text: "Noted." })),
      callTools(toolUse("ask", { field: "budget", text: "What budget?" })),
      say("never requested"),
    );
    const result = await engineWith().turn(input("flat"));
    expect(result.requests).toBe(3);
    expect(fake.requests).toHaveLength(3);
    expect(result.actions.map((a) => a.type)).toEqual(["qualify", "reply", "ask"]);
  });
});

describe("Claude engine — API failures fall back to the rule engine for the turn", () => {
  const turn = input("what are your opening hours?");
  let expected: Awaited<ReturnType<ReturnType<typeof createRuleEngine>["turn"]>>;
  beforeAll(async () => {
    expected = await createRuleEngine({ businessName: "Acme Realty" }).turn(turn);
  });

  it("429: retried by the SDK honouring retry-after, then the rule engine answers", async () => {
    fake.script(apiError("rate_limit_error", { retryAfter: 0.01, times: 3 }));
    const result = await engineWith({ maxRetries: 2 }).turn(turn);
    expect(result).toMatchObject({ engine: "rule_fallback", fallbackReason: "rate_limited" });
    expect(result.actions).toEqual(expected.actions);
    expect(fake.requests.map((r) => r.status)).toEqual([429, 429, 429]);
    expect(fake.requests.map((r) => r.headers["x-stainless-retry-count"])).toEqual(["0", "1", "2"]);
  });

  it("429 once, then success: the retry answers and no fallback happens", async () => {
    fake.script(apiError("rate_limit_error", { retryAfter: 0.01 }), say("We are open Monday to Saturday, 10am to 6pm IST."));
    const result = await engineWith().turn(turn);
    expect(result.engine).toBe("claude");
    expect(result.actions).toEqual([{ type: "reply", text: "We are open Monday to Saturday, 10am to 6pm IST." }]);
    expect(fake.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it.each([
    ["api_error", 500, "server_error"],
    ["overloaded_error", 529, "overloaded"],
  ] as const)("%s (%i) after retries → fallback (%s)", async (type, status, reason) => {
    fake.script(apiError(type, { retryAfter: 0.01, times: 2 }));
    const result = await engineWith({ maxRetries: 1 }).turn(turn);
    expect(result).toMatchObject({ engine: "rule_fallback", fallbackReason: reason });
    expect(result.actions).toEqual(expected.actions);
    expect(fake.requests.map((r) => r.status)).toEqual([status, status]);
    expect(fake.requests[0]!.response).toMatchObject({ type: "error", error: { type } });
  });

  it("401 with a wrong key is not retried → fallback", async () => {
    const result = await engineWith({ apiKey: "sk-ant-wrong" }).turn(turn);
    expect(result).toMatchObject({ engine: "rule_fallback", fallbackReason: "auth", requests: 1 });
    expect(result.actions).toEqual(expected.actions);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({ status: 401, response: { type: "error", error: { type: "authentication_error" } } });
  });

  it("timeout (fake delay > ANTHROPIC_TIMEOUT_MS) → retried, then fallback", async () => {
    fake.setDelay(2_000);
    const started = Date.now();
    const result = await engineWith({ timeoutMs: 150, maxRetries: 1 }).turn(turn);
    expect(result).toMatchObject({ engine: "rule_fallback", fallbackReason: "timeout" });
    expect(result.actions).toEqual(expected.actions);
    expect(fake.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(2_000); // gave up on its own deadline, not the fake's
  });

  it.each([
    ["a non-JSON 200 body", { raw: "<html>502 Bad Gateway</html>", contentType: "text/html" }],
    ["a 200 without content", { raw: JSON.stringify({ id: "msg_1", type: "message", role: "assistant" }) }],
    ["a reply cut off at max_tokens", { content: [{ type: "text" as const, text: "Our plans start at" }], stop_reason: "max_tokens" as const }],
    ["an empty end_turn", { raw: JSON.stringify({ id: "msg_1", type: "message", role: "assistant", content: [], stop_reason: "end_turn", usage: {} }) }],
  ])("malformed response: %s → fallback", async (_name, step) => {
    fake.script(step);
    const result = await engineWith().turn(turn);
    expect(result.engine).toBe("rule_fallback");
    expect(["malformed", "no_reply"]).toContain(result.fallbackReason);
    expect(result.actions).toEqual(expected.actions);
  });

  it("keeps the conversation memory across a fallback turn", async () => {
    fake.script(apiError("api_error", { times: 1 }));
    const failed = await engineWith({ maxRetries: 0 }).turn(turn);
    fake.script(say("Anything else?"));
    await engineWith().turn(input("thanks", failed.state));
    const messages = bodyOf(fake.requests[1]!).messages;
    expect(messages).toHaveLength(3);
    expect(messages[1]).toEqual({ role: "assistant", content: `We are open Monday to Saturday, 10am to 6pm IST. ${renderReply("ask_need", "en")}` });
  });
});

describe("engine selection", () => {
  it("uses the rule engine without a key and Claude (with fallback) with one", async () => {
    expect(selectEngine({ env: {} })).toMatchObject({ kind: "rules" });
    expect(selectEngine({ env: { ANTHROPIC_API_KEY: KEY }, preferred: "rules" })).toMatchObject({ kind: "rules" });
    const selected = selectEngine({ env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_MODEL: "claude-haiku-4-5" } });
    expect(selected.kind).toBe("claude");
    fake.script(say("Hello from Claude"));
    const result = await selected.engine.turn(input("Hi"));
    expect(result.actions).toEqual([{ type: "reply", text: "Hello from Claude" }]);
    expect(bodyOf(fake.requests[0]!).model).toBe("claude-haiku-4-5");
  });
});
