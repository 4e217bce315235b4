import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createClaudeEngine } from "@/lib/bot/claude-engine";
import { KNOWLEDGE_FIXTURE } from "@/lib/bot/testing/knowledge-fixture";
import { ScriptedConversation, types } from "@/lib/bot/testing/conversation";
import { startFakeAnthropic, type RunningFakeAnthropic } from "@/lib/sandbox/anthropic/server";
import { callTools, say, toolUse } from "@/lib/sandbox/anthropic/script";

/** The fake Messages API on the wire: headers, validation errors, response shape, policy mode. */
const KEY = "sk-ant-wire";
let fake: RunningFakeAnthropic;
beforeAll(async () => {
  fake = await startFakeAnthropic({ apiKeys: [KEY] });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  fake.setPolicy(false);
});

const valid = { model: "claude-sonnet-4-5", max_tokens: 100, messages: [{ role: "user", content: "Hi" }] };
async function post(body: unknown, headers: Record<string, string> = { "x-api-key": KEY, "anthropic-version": "2023-06-01" }) {
  const res = await fetch(`${fake.url}/v1/messages`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as { type: string; error?: { type: string; message: string }; [k: string]: unknown } };
}

describe("fake Anthropic Messages API", () => {
  it("answers a scripted message in the API's shape", async () => {
    fake.script(callTools(toolUse("reply", { text: "hi" })));
    const res = await post({ ...valid, tools: [{ name: "reply", input_schema: { type: "object", properties: { text: { type: "string" } } } }] });
    expect(res.status).toBe(200);
    expect(res.headers.get("request-id")).toMatch(/^req_/);
    expect(res.body).toMatchObject({ type: "message", role: "assistant", model: "claude-sonnet-4-5", stop_reason: "tool_use", stop_sequence: null });
    expect(res.body.id).toMatch(/^msg_/);
    expect(res.body.content).toEqual([{ type: "tool_use", id: expect.stringMatching(/^toolu_/), name: "reply", input: { text: "hi" } }]);
    expect(res.body.usage).toMatchObject({ input_tokens: expect.any(Number), output_tokens: expect.any(Number) });
  });

  it.each([
    ["no x-api-key", valid, { "anthropic-version": "2023-06-01" }, 401, "authentication_error", "x-api-key header is required"],
    ["a wrong key", valid, { "x-api-key": "nope", "anthropic-version": "2023-06-01" }, 401, "authentication_error", "invalid x-api-key"],
    ["no anthropic-version", valid, { "x-api-key": KEY }, 400, "invalid_request_error", "anthropic-version"],
    ["invalid JSON", "{", undefined, 400, "invalid_request_error", "valid JSON"],
    ["no model", { max_tokens: 1, messages: valid.messages }, undefined, 400, "invalid_request_error", "model"],
    ["no max_tokens", { model: "m", messages: valid.messages }, undefined, 400, "invalid_request_error", "max_tokens"],
    ["an unknown field", { ...valid, foo: 1 }, undefined, 400, "invalid_request_error", "foo: Extra inputs are not permitted"],
    ["two user turns in a row", { ...valid, messages: [valid.messages[0], valid.messages[0]] }, undefined, 400, "invalid_request_error", "roles must alternate"],
    ["a first assistant turn", { ...valid, messages: [{ role: "assistant", content: "x" }, valid.messages[0]] }, undefined, 400, "invalid_request_error", "first message"],
    ["a tool without input_schema", { ...valid, tools: [{ name: "reply" }] }, undefined, 400, "invalid_request_error", "input_schema"],
    ["a non-object input_schema", { ...valid, tools: [{ name: "reply", input_schema: { type: "string" } }] }, undefined, 400, "invalid_request_error", "input_schema"],
    [
      "a tool_use without its tool_result",
      { ...valid, tools: [{ name: "t", input_schema: { type: "object" } }], messages: [valid.messages[0], { role: "assistant", content: [{ type: "tool_use", id: "toolu_1", name: "t", input: {} }] }, { role: "user", content: "ok" }] },
      undefined,
      400,
      "invalid_request_error",
      "`tool_use` ids were found without `tool_result` blocks immediately after: toolu_1",
    ],
    [
      "a tool_result for an unknown id",
      { ...valid, messages: [valid.messages[0], { role: "assistant", content: "x" }, { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_9", content: "r" }] }] },
      undefined,
      400,
      "invalid_request_error",
      "unexpected `tool_use_id`",
    ],
  ])("rejects %s", async (_name, body, headers, status, type, message) => {
    fake.script(say("unused"));
    const res = headers ? await post(body, headers) : await post(body);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ type: "error", error: { type }, request_id: expect.stringMatching(/^req_/) });
    expect(res.body.error!.message).toContain(message);
    expect(fake.pending()).toBe(1); // a rejected request does not consume the script
  });

  it("sends retry-after with 429 and the right statuses for each error type", async () => {
    fake.script({ error: "rate_limit_error", retryAfter: 7 }, { error: "overloaded_error" }, { error: "api_error" });
    const limited = await post(valid);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
    expect((await post(valid)).status).toBe(529);
    expect((await post(valid)).status).toBe(500);
  });

  it("is what the real SDK expects (the SDK parses it into a Message)", async () => {
    fake.script(say("Hello!"));
    const client = new Anthropic({ apiKey: KEY, baseURL: fake.url, maxRetries: 0 });
    const message = await client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 50, messages: [{ role: "user", content: "Hi" }] });
    expect(message.content).toEqual([{ type: "text", text: "Hello!" }]);
    expect(message.stop_reason).toBe("end_turn");
    expect(fake.requests[0]!.headers["anthropic-version"]).toBe("2023-06-01");
  });

  it("policy mode plays a plausible model for the demo: offers slots, books the tapped one, opts out", async () => {
    fake.setPolicy(true);
    const now = new Date("2026-11-27T06:00:00Z");
    const chat = new ScriptedConversation(createClaudeEngine({ apiKey: KEY, baseURL: fake.url, maxRetries: 0 }), { now, knowledge: KNOWLEDGE_FIXTURE });
    const offer = await chat.say("I want to book a meeting");
    expect(types(offer)).toEqual(["propose_slots"]);
    const row = chat.state.lastProposedSlots[1]!;
    const booked = await chat.say(row.label, row.id);
    expect(types(booked)).toEqual(["book", "reply"]);
    expect(chat.state.booked?.slotId).toBe(row.id);
    expect(types(await chat.say("what is the price?"))).toEqual(["reply"]);
    expect(types(await chat.say("stop"))).toEqual(["opt_out"]);
  });
});
