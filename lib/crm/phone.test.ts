import { describe, expect, it } from "vitest";
import { normalizePhone, phoneLikePattern, phoneWrittenForms, samePhone } from "./phone";

describe("normalizePhone", () => {
  it.each([
    ["+91 98123 45678", "+919812345678"],
    ["09812345678", "+919812345678"],
    ["98123-45678", "+919812345678"],
    ["919812345678", "+919812345678"],
    ["+919812345678", "+919812345678"],
    ["(+91) 98123 45678", "+919812345678"],
    ["0091 98123 45678", "+919812345678"],
  ])("%s → %s with default region IN", (input, e164) => {
    expect(normalizePhone(input, "IN")).toBe(e164);
  });

  it("reads WhatsApp ids of other countries (country code without +)", () => {
    expect(normalizePhone("14155552671", "IN")).toBe("+14155552671");
    expect(normalizePhone("447911123456", "IN")).toBe("+447911123456");
  });

  it("uses the default region for national numbers", () => {
    expect(normalizePhone("07911 123456", "GB")).toBe("+447911123456");
  });

  it("returns null for text that is not a phone number", () => {
    expect(normalizePhone("", "IN")).toBeNull();
    expect(normalizePhone("hello", "IN")).toBeNull();
    expect(normalizePhone("12345", "IN")).toBeNull();
    expect(normalizePhone(null, "IN")).toBeNull();
  });
});

describe("phoneWrittenForms", () => {
  it("contains the forms sales teams type into Frappe", () => {
    const forms = phoneWrittenForms("+919812345678");
    for (const f of ["+91 98123 45678", "09812345678", "98123-45678", "919812345678", "+919812345678", "9812345678", "98123 45678"]) {
      expect(forms).toContain(f);
    }
    expect(new Set(forms).size).toBe(forms.length);
    // Every written form normalises back to the same number.
    for (const f of forms) expect(normalizePhone(f, "IN")).toBe("+919812345678");
  });
});

describe("phoneLikePattern", () => {
  it("puts % between the national digits so any separators match", () => {
    const p = phoneLikePattern("+919812345678");
    expect(p).toBe("%9%8%1%2%3%4%5%6%7%8%");
    const re = new RegExp("^" + p.replace(/%/g, ".*") + "$");
    for (const f of ["+91 98123 45678", "09812345678", "98123-45678", "919812345678", "+91-981-234-5678"]) expect(re.test(f)).toBe(true);
    expect(re.test("+91 98123 45679")).toBe(false);
  });
});

describe("samePhone", () => {
  it("compares by E.164, not by text", () => {
    expect(samePhone("098123 45678", "+919812345678", "IN")).toBe(true);
    expect(samePhone("+91 98123 45679", "+919812345678", "IN")).toBe(false);
    expect(samePhone(null, "+919812345678", "IN")).toBe(false);
  });
});
