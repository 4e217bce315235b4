import { describe, expect, it } from "vitest";
import { seedTemplates } from "../seed-templates";
import { GraphError } from "./errors";
import { placeholders, validateMessageRequest } from "./validate-message";

const templates = seedTemplates();
const known = (id: string) => id === "111";
const base = { messaging_product: "whatsapp", recipient_type: "individual", to: "+16505551234" };

function codeOf(body: unknown): number | "ok" {
  try {
    validateMessageRequest(body, templates, known);
    return "ok";
  } catch (err) {
    if (err instanceof GraphError) return err.code;
    throw err;
  }
}

describe("validateMessageRequest", () => {
  it("requires messaging_product=whatsapp and a recipient", () => {
    expect(codeOf({ to: "1650555", type: "text", text: { body: "x" } })).toBe(131008);
    expect(codeOf({ ...base, messaging_product: "sms", type: "text", text: { body: "x" } })).toBe(100);
    expect(codeOf({ messaging_product: "whatsapp", type: "text", text: { body: "x" } })).toBe(131008);
    expect(codeOf({ ...base, to: "not a number", type: "text", text: { body: "x" } })).toBe(100);
  });

  it("accepts BSUID recipients and defaults type to text", () => {
    const v = validateMessageRequest({ messaging_product: "whatsapp", recipient: "US.1349120865", text: { body: "hi" } }, templates, known);
    expect(v).toEqual({ kind: "send", type: "text", recipient: "US.1349120865" });
  });

  it("checks type-specific required fields", () => {
    expect(codeOf({ ...base, type: "text", text: {} })).toBe(131008);
    expect(codeOf({ ...base, type: "text", text: { body: "x".repeat(4097) } })).toBe(100);
    expect(codeOf({ ...base, type: "image", image: { id: "111", caption: "c" } })).toBe("ok");
    expect(codeOf({ ...base, type: "image", image: { id: "222" } })).toBe(100);
    expect(codeOf({ ...base, type: "image", image: { id: "111", link: "https://x" } })).toBe(100);
    expect(codeOf({ ...base, type: "sticker", sticker: { link: "https://x/s.webp", caption: "no" } })).toBe(100);
    expect(codeOf({ ...base, type: "location", location: { latitude: 95, longitude: 0 } })).toBe(131009);
    expect(codeOf({ ...base, type: "contacts", contacts: [{ name: {} }] })).toBe(131008);
    expect(codeOf({ ...base, type: "reaction", reaction: { message_id: "wamid.x", emoji: "" } })).toBe("ok");
    expect(codeOf({ ...base, type: "reaction", reaction: { message_id: "wamid.x", emoji: "👍" }, context: { message_id: "wamid.y" } })).toBe(100);
    expect(codeOf({ ...base, type: "poll", poll: {} })).toBe(131051);
  });

  it("checks interactive buttons and lists", () => {
    const btn = (n: number, title = "ok") => ({ type: "reply", reply: { id: `b${n}`, title } });
    const buttons = (list: unknown[]) => ({ ...base, type: "interactive", interactive: { type: "button", body: { text: "?" }, action: { buttons: list } } });
    expect(codeOf(buttons([btn(1), btn(2), btn(3)]))).toBe("ok");
    expect(codeOf(buttons([btn(1), btn(2), btn(3), btn(4)]))).toBe(100);
    expect(codeOf(buttons([btn(1, "x".repeat(21))]))).toBe(100);
    expect(codeOf(buttons([btn(1), btn(1)]))).toBe(100);
    const list = (rows: number) => ({
      ...base,
      type: "interactive",
      interactive: { type: "list", body: { text: "?" }, action: { button: "Pick", sections: [{ rows: Array.from({ length: rows }, (_, i) => ({ id: `r${i}`, title: `Row ${i}` })) }] } },
    });
    expect(codeOf(list(10))).toBe("ok");
    expect(codeOf(list(11))).toBe(100);
  });

  it("checks templates: approved name + exact locale, parameter counts, header format, named params", () => {
    const t = (template: unknown) => ({ ...base, type: "template", template });
    const p = (...texts: string[]) => texts.map((text) => ({ type: "text", text }));
    expect(codeOf(t({ name: "hello_world", language: { code: "en_US" } }))).toBe("ok");
    expect(codeOf(t({ name: "hello_world", language: { code: "en" } }))).toBe(132001);
    expect(codeOf(t({ name: "old_offer", language: { code: "en_US" } }))).toBe(132001); // REJECTED
    expect(codeOf(t({ name: "order_update", language: { code: "en_US" }, components: [{ type: "body", parameters: p("a", "b", "c") }] }))).toBe("ok");
    expect(codeOf(t({ name: "order_update", language: { code: "en_US" }, components: [{ type: "body", parameters: p("a", "b") }] }))).toBe(132000);
    expect(codeOf(t({ name: "order_update", language: { code: "en_US" } }))).toBe(132000);
    expect(codeOf(t({ name: "catalogue_share", language: { code: "en_US" }, components: [{ type: "header", parameters: [{ type: "image", image: { id: "1" } }] }, { type: "body", parameters: p("a") }] }))).toBe("ok");
    expect(codeOf(t({ name: "catalogue_share", language: { code: "en_US" }, components: [{ type: "header", parameters: p("a") }, { type: "body", parameters: p("a") }] }))).toBe(132012);
    const named = (names: string[]) => t({ name: "appointment_reminder", language: { code: "en" }, components: [{ type: "body", parameters: names.map((n) => ({ type: "text", parameter_name: n, text: "v" })) }] });
    expect(codeOf(named(["customer_name", "visit_time"]))).toBe("ok");
    expect(codeOf(named(["customer_name", "time"]))).toBe(132012);
  });

  it("recognises mark-as-read with and without typing indicator", () => {
    expect(validateMessageRequest({ messaging_product: "whatsapp", status: "read", message_id: "wamid.x" }, templates, known)).toEqual({ kind: "read", messageId: "wamid.x", typing: false });
    expect(validateMessageRequest({ messaging_product: "whatsapp", status: "read", message_id: "wamid.x", typing_indicator: { type: "text" } }, templates, known)).toMatchObject({ typing: true });
    expect(codeOf({ messaging_product: "whatsapp", status: "delivered", message_id: "wamid.x" })).toBe(100);
  });

  it("counts distinct placeholders", () => {
    expect(placeholders("Hi {{1}}, {{2}} and {{1}} again")).toEqual(["1", "2"]);
    expect(placeholders("Hello {{ customer_name }}")).toEqual(["customer_name"]);
    expect(placeholders(undefined)).toEqual([]);
  });
});
