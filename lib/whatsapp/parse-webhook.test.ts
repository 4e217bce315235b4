import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/core/app-error";
import { parseWebhook } from "./parse-webhook";
import type { TWebhookEvent } from "./webhook.schema";

const FIXTURES = path.resolve(__dirname, "../../tests/fixtures/whatsapp");
const fixture = (name: string): unknown => JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), "utf8"));

type MessageEvent = Extract<TWebhookEvent, { kind: "message" }>;
type StatusEvent = Extract<TWebhookEvent, { kind: "status" }>;

function onlyMessage(name: string): MessageEvent {
  const events = parseWebhook(fixture(name));
  expect(events).toHaveLength(1);
  expect(events[0]!.kind).toBe("message");
  return events[0] as MessageEvent;
}

function onlyStatus(name: string): StatusEvent {
  const events = parseWebhook(fixture(name));
  expect(events).toHaveLength(1);
  expect(events[0]!.kind).toBe("status");
  return events[0] as StatusEvent;
}

describe("parseWebhook — inbound messages", () => {
  it("text", () => {
    const e = onlyMessage("message-text");
    expect(e.phoneNumberId).toBe("106540352242922");
    expect(e.contact).toEqual({ waId: "16505551234", phone: "+16505551234", name: "Sheena Nelson" });
    expect(e.message).toMatchObject({ type: "text", body: "Does it come in another color?", content: { kind: "text", text: "Does it come in another color?" } });
    expect(e.message.timestamp.toISOString()).toBe(new Date(1749416383 * 1000).toISOString());
    expect(e.dedupeKey).toBe(e.message.metaId);
    expect(e.message.metaId).toMatch(/^wamid\./);
    expect(e.message.replyToMetaId).toBeUndefined();
    expect((e.message.raw as { text: { body: string } }).text.body).toBe("Does it come in another color?");
  });

  it("text reply carries the replied-to wamid from context", () => {
    const e = onlyMessage("message-text-reply");
    expect(e.message.replyToMetaId).toBe("wamid.HBgLMTU1NTA3ODM4ODEVAgARGBJCUVNFRDA0QkZCMkUxRDQxQUEA");
  });

  it("text in Hindi with emoji", () => {
    expect(onlyMessage("message-hindi-emoji").message.body).toBe("नमस्ते 🙏 क्या यह 500/- में मिलेगा?");
  });

  it("image with caption", () => {
    const e = onlyMessage("message-image");
    expect(e.message.type).toBe("image");
    expect(e.message.body).toBe("This one");
    expect(e.message.content).toEqual({
      kind: "media",
      mediaId: "1003383421387256",
      mimeType: "image/jpeg",
      sha256: "VtuGKkhMuB4f/xnBqiGTNzHx1UPkPzpEUyTXYxdt/Jw=",
      caption: "This one",
    });
  });

  it("image with the direct download url (Nov 2025+)", () => {
    const e = onlyMessage("message-image-url");
    expect(e.message.content).toMatchObject({ kind: "media", mediaId: "1003383421387257", url: expect.stringContaining("lookaside.fbsbx.com") });
    expect(e.message.body).toBeUndefined();
  });

  it("audio voice note", () => {
    const e = onlyMessage("message-audio");
    expect(e.message.type).toBe("audio");
    expect(e.message.content).toMatchObject({ kind: "media", mediaId: "1193358645439316", mimeType: "audio/ogg; codecs=opus", voice: true });
  });

  it("video", () => {
    const e = onlyMessage("message-video");
    expect(e.message.type).toBe("video");
    expect(e.message.content).toMatchObject({ kind: "media", mediaId: "1467473697319367", mimeType: "video/mp4", caption: "Unboxing" });
  });

  it("document with filename", () => {
    const e = onlyMessage("message-document");
    expect(e.message.type).toBe("document");
    expect(e.message.content).toMatchObject({ kind: "media", filename: "PO-2026-118.pdf", mimeType: "application/pdf", caption: "Purchase order" });
  });

  it("sticker", () => {
    const e = onlyMessage("message-sticker");
    expect(e.message.type).toBe("sticker");
    expect(e.message.content).toMatchObject({ kind: "media", mimeType: "image/webp", animated: false });
  });

  it("location", () => {
    const e = onlyMessage("message-location");
    expect(e.message.content).toEqual({
      kind: "location",
      latitude: 37.483307,
      longitude: -122.148981,
      name: "Main Office",
      address: "1 Hacker Way, Menlo Park, CA 94025",
      url: "https://www.meta.com",
    });
    expect(e.message.body).toBe("Main Office");
  });

  it("contacts", () => {
    const e = onlyMessage("message-contacts");
    expect(e.message.content).toEqual({
      kind: "contacts",
      contacts: [
        { name: "Barbara J. Johnson", phones: [{ phone: "+1 (940) 555-1234", waId: "19405551234", type: "HOME" }], emails: ["bjohnson@example.com"], org: "Lucky Shrub" },
      ],
    });
  });

  it("interactive button_reply", () => {
    const e = onlyMessage("message-interactive-button-reply");
    expect(e.message.type).toBe("interactive");
    expect(e.message.content).toEqual({ kind: "interactive", replyType: "button_reply", id: "confirm_yes", title: "Yes, book it" });
    expect(e.message.body).toBe("Yes, book it");
    expect(e.message.replyToMetaId).toMatch(/^wamid\./);
  });

  it("interactive list_reply", () => {
    const e = onlyMessage("message-interactive-list-reply");
    expect(e.message.content).toEqual({
      kind: "interactive",
      replyType: "list_reply",
      id: "slot_tue_10",
      title: "Tue 10:00",
      description: "Showroom visit, 30 min",
    });
  });

  it("interactive call_permission_reply", () => {
    const e = onlyMessage("message-interactive-call-permission-reply");
    expect(e.message.content).toMatchObject({
      kind: "interactive",
      replyType: "call_permission_reply",
      permission: { response: "accept", isPermanent: false, source: "user_action", expiresAt: new Date(1750021183 * 1000) },
    });
  });

  it("button (template quick reply)", () => {
    const e = onlyMessage("message-button");
    expect(e.message.content).toEqual({ kind: "button", payload: "CONFIRM", text: "Confirm" });
    expect(e.message.replyToMetaId).toBeDefined();
  });

  it("reaction and reaction removed", () => {
    const added = onlyMessage("message-reaction");
    expect(added.message.content).toEqual({ kind: "reaction", targetMetaId: "wamid.HBgLMTU1NTA3ODM4ODEVAgARGBJCUVNFRDA0QkZCMkUxRDQxQUEA", emoji: "❤️" });
    const removed = onlyMessage("message-reaction-removed");
    expect(removed.message.content).toMatchObject({ kind: "reaction", emoji: null });
  });

  it("order", () => {
    const e = onlyMessage("message-order");
    expect(e.message.content).toEqual({
      kind: "order",
      catalogId: "194836987003835",
      text: "Please deliver by Friday",
      items: [
        { productRetailerId: "di9ozbzfi4", quantity: 2, itemPrice: 30, currency: "USD" },
        { productRetailerId: "nqryix03ez", quantity: 1, itemPrice: 25, currency: "USD" },
      ],
    });
  });

  it("system (user changed number)", () => {
    const e = onlyMessage("message-system");
    expect(e.message.content).toMatchObject({ kind: "system", systemType: "user_changed_number", newWaId: "16505550000" });
  });

  it("unsupported keeps Meta's errors and the unsupported subtype", () => {
    const e = onlyMessage("message-unsupported");
    expect(e.message.type).toBe("unsupported");
    expect(e.message.content).toEqual({
      kind: "unsupported",
      originalType: "unsupported",
      unsupportedType: "poll",
      errors: [{ code: 131051, title: "Message type unknown", message: "Message type unknown", details: "Message type is currently not supported." }],
    });
  });

  it("a type this code does not know is kept as unsupported with its raw payload", () => {
    const e = onlyMessage("message-unknown-future-type");
    expect(e.message.type).toBe("unsupported");
    expect(e.message.content).toMatchObject({ kind: "unsupported", originalType: "hologram", errors: [] });
    expect((e.message.raw as { hologram: { shape: string } }).hologram.shape).toBe("cube");
    expect(e.dedupeKey).toBe(e.message.metaId);
  });

  it("2026 username user: BSUID and username without wa_id", () => {
    const e = onlyMessage("message-bsuid-username");
    expect(e.contact).toEqual({ userId: "IN.13491208655302741918", username: "@ravi.k", name: "Ravi K" });
    expect(e.message.body).toBe("Hi, I saw your ad");
  });
});

describe("parseWebhook — statuses", () => {
  it("sent with PMP pricing", () => {
    const e = onlyStatus("status-sent");
    expect(e).toMatchObject({
      status: "sent",
      metaId: "wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI0QUZCMTNGQ0VGNUFGNTc5OTgA",
      recipientId: "16505551234",
      dedupeKey: "wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI0QUZCMTNGQ0VGNUFGNTc5OTgA:sent",
      pricing: { pricingModel: "PMP", category: "utility", type: "regular", billable: true },
      errors: [],
    });
    expect(e.error).toBeUndefined();
  });

  it("delivered", () => {
    expect(onlyStatus("status-delivered")).toMatchObject({ status: "delivered", dedupeKey: expect.stringMatching(/:delivered$/) });
  });

  it("read with the 2026 recipient_user_id", () => {
    expect(onlyStatus("status-read")).toMatchObject({ status: "read", recipientUserId: "US.13491208655302741918" });
  });

  it("failed with Meta's error (131047)", () => {
    const e = onlyStatus("status-failed");
    expect(e.status).toBe("failed");
    expect(e.error).toEqual({
      code: 131047,
      title: "Re-engagement message",
      message: "Re-engagement message",
      details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
      href: "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
    });
  });

  it("v23 status with a conversation object still parses", () => {
    expect(onlyStatus("status-sent-v23-conversation")).toMatchObject({ status: "sent", pricing: { type: "free_customer_service" } });
  });
});

describe("parseWebhook — calls, errors, batching, unknowns", () => {
  it("call connect with the SDP offer and the caller as contact", () => {
    const [e] = parseWebhook(fixture("call-connect"));
    expect(e).toMatchObject({
      kind: "call",
      event: "connect",
      direction: "USER_INITIATED",
      callId: expect.stringMatching(/^wacid\./),
      sdpType: "offer",
      contact: { waId: "917358580180", phone: "+917358580180" },
      dedupeKey: expect.stringMatching(/:connect$/),
    });
    expect((e as { sdp: string }).sdp).toContain("\r\na=ice-lite\r\n");
  });

  it("call terminate carries times, duration, status and the error once (not a separate error event)", () => {
    const events = parseWebhook(fixture("call-terminate"));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      kind: "call",
      event: "terminate",
      status: "FAILED",
      durationSeconds: 20,
      startTime: new Date(1760681513000),
      endTime: new Date(1760681533000),
      error: { code: 138021 },
    });
  });

  it("call status (type call) is not mistaken for a message status", () => {
    const [e] = parseWebhook(fixture("call-status-ringing"));
    expect(e).toMatchObject({ kind: "call_status", status: "RINGING", bizOpaqueCallbackData: "lead-42", dedupeKey: expect.stringMatching(/:RINGING$/) });
  });

  it("value-level errors", () => {
    const [e] = parseWebhook(fixture("value-errors"));
    expect(e).toMatchObject({ kind: "error", field: "messages", errors: [{ code: 131052, title: "Media download error" }] });
  });

  it("iterates every entry, change, message and status; unknown fields become unknown events", () => {
    const events = parseWebhook(fixture("batched"));
    expect(events.map((e) => e.kind)).toEqual(["message", "message", "status", "status", "unknown"]);
    const [m1, m2] = events as MessageEvent[];
    expect(m1!.contact.name).toBe("Sheena Nelson");
    expect(m2!.contact).toMatchObject({ waId: "447700900123", name: "Ali" });
    expect(events[4]).toMatchObject({ kind: "unknown", field: "message_template_status_update" });
  });

  it("never throws on odd parts inside a valid envelope", () => {
    const md = { phone_number_id: "1" };
    const body = {
      object: "whatsapp_business_account",
      entry: [
        {
          id: "w",
          changes: [
            { field: "messages", value: { metadata: md, messages: [{ id: "wamid.x", timestamp: "1", type: "text", text: {} }, "garbage", { type: "text" }] } },
            { field: "messages", value: { metadata: md, statuses: [{ id: "wamid.y", status: "teleported", timestamp: "1" }] } },
            { field: "messages", value: { no: "metadata" } },
            { field: "calls", value: { metadata: md, calls: [{ nope: true }] } },
          ],
        },
      ],
    };
    const events = parseWebhook(body);
    expect(events.map((e) => e.kind)).toEqual(["unknown", "unknown", "unknown", "unknown", "unknown", "unknown"]);
    expect(events[0]).toMatchObject({ reason: "malformed text message" });
  });

  it("rejects an invalid envelope with a clear error", () => {
    for (const bad of [null, "x", {}, { object: "page", entry: [] }, { object: "whatsapp_business_account" }, { object: "whatsapp_business_account", entry: [{ changes: "no" }] }]) {
      let caught: unknown;
      try {
        parseWebhook(bad);
      } catch (err) {
        caught = err;
      }
      expect(AppError.is(caught, "INVALID_INPUT")).toBe(true);
      expect((caught as AppError).message).toMatch(/WhatsApp Business Account webhook/);
    }
  });

  it("accepts an envelope with no entries", () => {
    expect(parseWebhook({ object: "whatsapp_business_account", entry: [] })).toEqual([]);
  });
});
