import { describe, expect, it } from "vitest";
import {
  optimisticCopyOf,
  allMessages,
  applyConversation,
  applyStatus,
  upsertMessage,
  type ConversationPages,
  type MessagePages,
} from "./inbox-cache";
import type { ConversationDTO, ConversationFilters, MessageDTO } from "./types";

const msg = (id: string, createdAt: string, extra: Partial<MessageDTO> = {}): MessageDTO => ({
  id,
  conversationId: "c1",
  direction: "outbound",
  type: "text",
  body: id,
  content: {},
  media: null,
  metaId: null,
  status: "pending",
  error: null,
  replyToMessageId: null,
  reactions: [],
  sender: null,
  createdAt,
  ...extra,
});
const pages = (...ms: MessageDTO[]): MessagePages => ({
  pages: [{ data: ms, nextCursor: null }],
  pageParams: [null],
});

const conv = (id: string, lastMessageAt: string, extra: Partial<ConversationDTO> = {}): ConversationDTO => ({
  id,
  status: "open",
  assignee: null,
  contact: { id: `ct-${id}`, waId: "1", phone: null, name: id, username: null, language: null },
  unreadCount: 0,
  labels: [],
  lastMessageAt,
  lastMessageText: null,
  windowExpiresAt: null,
  botState: "off",
  createdAt: "2026-01-01T00:00:00Z",
  ...extra,
});
const ALL: ConversationFilters = { assignee: "all", status: "open", unread: false, label: "", q: "" };

describe("message cache", () => {
  it("replaces the optimistic copy with the server's message, once, even if SSE delivered it first", () => {
    const temp = msg("tmp-1", "2026-01-01T10:00:00Z");
    let data = upsertMessage(pages(msg("old", "2026-01-01T09:00:00Z")), temp);
    // SSE: the server's copy arrives and is already `sent`.
    data = upsertMessage(data, msg("m1", "2026-01-01T10:00:01Z", { status: "sent" }));
    // The POST answer (still "pending") then reconciles the temp copy.
    data = upsertMessage(data, msg("m1", "2026-01-01T10:00:01Z"), { tempId: "tmp-1" });
    expect(allMessages(data).map((m) => [m.id, m.status])).toEqual([
      ["m1", "sent"],
      ["old", "pending"],
    ]);
  });

  it("an SSE copy of our own send replaces its optimistic copy at once (the thread never shows it twice)", () => {
    const me = { id: "u1", name: "Asha" };
    const note = (id: string, body: string, extra: Partial<MessageDTO> = {}) =>
      msg(id, "2026-01-01T10:00:00Z", { type: "note", body, sender: me, ...extra });
    let data = upsertMessage(pages(msg("old", "2026-01-01T09:00:00Z")), note("tmp-1", "Prefers Saturday"));
    data = upsertMessage(data, note("tmp-2", "Something else"));
    const sse = note("n1", "Prefers Saturday", { createdAt: "2026-01-01T10:00:01Z" });
    expect(optimisticCopyOf(data, sse)).toBe("tmp-1");
    data = upsertMessage(data, sse, { tempId: optimisticCopyOf(data, sse) });
    expect(allMessages(data).map((m) => m.id)).toEqual(["n1", "tmp-2", "old"]);
    // The POST answer then finds its copy gone and the server's already there: still once.
    data = upsertMessage(data, sse, { tempId: "tmp-1" });
    expect(allMessages(data).map((m) => m.id)).toEqual(["n1", "tmp-2", "old"]);
    // Not ours, inbound, or another text: no optimistic copy is touched.
    expect(optimisticCopyOf(data, note("x", "Something else", { sender: { id: "u2", name: "Bala" } }))).toBeUndefined();
    expect(optimisticCopyOf(data, note("x", "Something else", { direction: "inbound", sender: null }))).toBeUndefined();
    expect(optimisticCopyOf(data, note("x", "Other"))).toBeUndefined();
  });

  it("never moves a status backwards but lets a retry reset it", () => {
    let data = pages(msg("m1", "2026-01-01T10:00:00Z", { status: "read" }));
    data = applyStatus(data, "m1", "delivered", null)!;
    expect(allMessages(data)[0]!.status).toBe("read");
    data = pages(msg("m2", "2026-01-01T10:00:00Z", { status: "sent" }));
    data = applyStatus(data, "m2", "failed", {
      code: 131047,
      title: "Re-engagement message",
      message: "More than 24 hours",
    })!;
    expect(allMessages(data)[0]!.error?.code).toBe(131047);
    data = upsertMessage(data, msg("m2", "2026-01-01T10:00:00Z", { status: "pending" }), { force: true })!;
    expect(allMessages(data)[0]!.status).toBe("pending");
  });
});

describe("conversation list cache", () => {
  const list = (...cs: ConversationDTO[]): ConversationPages => ({
    pages: [{ data: cs, nextCursor: null }],
    pageParams: [null],
  });

  it("moves a conversation with a new message to the top", () => {
    const data = list(conv("a", "2026-01-01T10:00:00Z"), conv("b", "2026-01-01T09:00:00Z"));
    const next = applyConversation(data, conv("b", "2026-01-01T11:00:00Z", { unreadCount: 1 }), ALL, null);
    expect(next !== "refetch" && next!.pages[0]!.data.map((c) => c.id)).toEqual(["b", "a"]);
  });

  it("adds new conversations, drops ones that stop matching, and asks for a refetch under a search", () => {
    const data = list(conv("a", "2026-01-01T10:00:00Z"));
    const added = applyConversation(data, conv("n", "2026-01-01T12:00:00Z"), ALL, null);
    expect(added !== "refetch" && added!.pages[0]!.data.map((c) => c.id)).toEqual(["n", "a"]);
    const resolved = applyConversation(
      data,
      conv("a", "2026-01-01T10:00:00Z", { status: "resolved" }),
      ALL,
      null,
    );
    expect(resolved !== "refetch" && resolved!.pages[0]!.data).toEqual([]);
    const mine = applyConversation(
      data,
      conv("x", "2026-01-01T12:00:00Z", { assignee: { id: "u2", name: "B" } }),
      { ...ALL, assignee: "me" },
      "u1",
    );
    expect(mine !== "refetch" && mine!.pages[0]!.data.map((c) => c.id)).toEqual(["a"]);
    expect(applyConversation(data, conv("n", "2026-01-01T12:00:00Z"), { ...ALL, q: "asha" }, null)).toBe(
      "refetch",
    );
  });
});
