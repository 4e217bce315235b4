import { describe, expect, it } from "vitest";
import { EVENT_TYPES, parseEvent, serializeEvent, splitFrames } from "./events";

describe("event serialisation", () => {
  it("writes one SSE frame: id, event, single-line JSON data, blank line", () => {
    const text = serializeEvent({
      id: "42",
      type: "message.created",
      data: { messageId: "m1", conversationId: "c1", direction: "inbound", type: "text" },
    });
    expect(text).toBe(
      'id: 42\nevent: message.created\ndata: {"messageId":"m1","conversationId":"c1","direction":"inbound","type":"text"}\n\n',
    );
  });

  it("round-trips payloads with newlines, CR, unicode and line separators", () => {
    const data = {
      jobId: "j1",
      name: "whatsapp.send",
      attempts: 8,
      lastError: 'line one\nline two\r\nline three\u2028sep\u2029 नमस्ते 👋 "quoted" \\ back',
    };
    const text = serializeEvent({ id: "7", type: "job.dead_lettered", data });
    // Exactly the three fields plus the terminating blank line: no raw line breaks inside data.
    expect(text.split("\n")).toHaveLength(5);
    expect(text).not.toContain("\u2028");
    const { frames, rest } = splitFrames(text);
    expect(rest).toBe("");
    expect(frames).toHaveLength(1);
    expect(parseEvent(frames[0])).toEqual({ id: "7", type: "job.dead_lettered", data });
  });

  it("parses multi-line data fields, comments and retry hints as the SSE spec says", () => {
    const frame =
      'retry: 3000\n: a comment\nid: 9\nevent: call.updated\ndata: {"callId":"c9",\ndata: "status":"ringing"}';
    expect(parseEvent(frame)).toEqual({
      id: "9",
      type: "call.updated",
      data: { callId: "c9", status: "ringing" },
    });
  });

  it("returns null for heartbeat and retry-only frames", () => {
    expect(parseEvent(": ping")).toBeNull();
    expect(parseEvent("retry: 3000\n: connected")).toBeNull();
  });

  it("rejects unknown types and payloads that fail the schema", () => {
    expect(() => parseEvent("id: 1\nevent: nope.done\ndata: {}")).toThrow(/Unknown event type/);
    expect(() => parseEvent('id: 1\nevent: message.created\ndata: {"messageId":"m"}')).toThrow();
  });

  it("keeps incomplete frames as the rest of the buffer", () => {
    const a = serializeEvent({ id: "1", type: "call.updated", data: { callId: "a", status: "ringing" } });
    const b = serializeEvent({ id: "2", type: "call.updated", data: { callId: "b", status: "ringing" } });
    const { frames, rest } = splitFrames(a + b.slice(0, 10));
    expect(frames).toHaveLength(1);
    expect(rest).toBe(b.slice(0, 10));
  });

  it("names every event domain.past_tense", () => {
    for (const type of EVENT_TYPES) expect(type).toMatch(/^[a-z]+\.[a-z_]+$/);
  });
});
