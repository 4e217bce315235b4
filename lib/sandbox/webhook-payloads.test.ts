import { describe, expect, it } from "vitest";
import { parseWebhook } from "@/lib/whatsapp/parse-webhook";
import { defaultSandboxOptions, type TSimUser } from "./store";
import { contactOf, envelope, inboundMessageValue, statusObject, versionBefore24 } from "./webhook-payloads";

const options = defaultSandboxOptions();
const phoneUser: TSimUser = { key: "919812345678", waId: "919812345678", userId: "IN.123", name: "Asha", hidePhone: false, lastUserMessageAt: null, typingUntil: null, createdAt: 0 };
const usernameUser: TSimUser = { key: "IN.456", userId: "IN.456", username: "@ravi", name: "Ravi", hidePhone: true, lastUserMessageAt: null, typingUntil: null, createdAt: 0 };

describe("webhook payload builders", () => {
  it("wrap values in Meta's envelope with the business metadata", () => {
    const e = envelope(options, "messages", { statuses: [] }) as { object: string; entry: { id: string; changes: { field: string; value: { metadata: unknown } }[] }[] };
    expect(e.object).toBe("whatsapp_business_account");
    expect(e.entry[0]!.id).toBe(options.wabaId);
    expect(e.entry[0]!.changes[0]!.value.metadata).toEqual({ display_phone_number: options.displayPhoneNumber, phone_number_id: options.phoneNumberId });
  });

  it("omit wa_id for username users who hide their number, always carry the BSUID", () => {
    expect(contactOf(phoneUser)).toEqual({ profile: { name: "Asha" }, wa_id: "919812345678", user_id: "IN.123" });
    expect(contactOf(usernameUser)).toEqual({ profile: { name: "Ravi", username: "@ravi" }, user_id: "IN.456" });
    const value = inboundMessageValue(usernameUser, { id: "wamid.a", timestamp: "1", type: "text", text: { body: "hi" } });
    expect((value.messages as Record<string, unknown>[])[0]).not.toHaveProperty("from");
  });

  it("build statuses the app's parser reads back (pricing on sent, errors on failed, conversation only before v24)", () => {
    const sent = statusObject({ wamid: "wamid.a", status: "sent", at: 1_750_000_000_000, user: phoneUser, apiVersion: "v25.0" });
    expect(sent).toMatchObject({ id: "wamid.a", status: "sent", timestamp: "1750000000", recipient_id: "919812345678", pricing: { pricing_model: "PMP" } });
    expect(sent).not.toHaveProperty("conversation");
    expect(statusObject({ wamid: "wamid.a", status: "sent", at: 0, user: phoneUser, apiVersion: "v23.0" })).toHaveProperty("conversation");
    const failed = statusObject({
      wamid: "wamid.b",
      status: "failed",
      at: 0,
      user: null,
      rawRecipient: "+1 555 000",
      error: { code: 131026, title: "Message undeliverable", message: "Message undeliverable", error_data: { details: "d" }, href: "h" },
    });
    expect(failed).toEqual({ id: "wamid.b", status: "failed", timestamp: "0", recipient_id: "1555000", errors: [expect.objectContaining({ code: 131026 })] });

    const events = parseWebhook(envelope(options, "messages", { statuses: [sent, failed] }));
    expect(events.map((e) => (e.kind === "status" ? `${e.status}:${e.error?.code ?? ""}` : e.kind))).toEqual(["sent:", "failed:131026"]);
    expect(versionBefore24("v23.0")).toBe(true);
    expect(versionBefore24("v24.0")).toBe(false);
  });
});
