import { describe, expect, it } from "vitest";
import { DOCTYPES } from "./doctypes";
import { FakeFrappeError } from "./errors";
import { runList, testValue } from "./list-query";
import { pyJsonDumps } from "./py-json";

const lead = DOCTYPES["CRM Lead"]!;
const contact = DOCTYPES.Contact!;
const rows = [
  { name: "L1", mobile_no: "+91 98123 45678", status: "New", converted: 0, modified: "2026-01-01 10:00:00.000001" },
  { name: "L2", mobile_no: "09876543210", status: "Contacted", converted: 0, modified: "2026-01-02 10:00:00.000001" },
  { name: "L3", mobile_no: "", status: "New", converted: 1, modified: "2026-01-03 10:00:00.000001" },
];

describe("fake get_list", () => {
  it("defaults to name only, modified desc, 20 rows", () => {
    expect(runList(rows, lead, {})).toEqual([{ name: "L3" }, { name: "L2" }, { name: "L1" }]);
  });
  it("supports list and dict filters, or_filters, like, in, order and limits", () => {
    expect(runList(rows, lead, { filters: JSON.stringify([["mobile_no", "like", "%98123%45678%"]]), fields: '["name","mobile_no"]' })).toEqual([{ name: "L1", mobile_no: "+91 98123 45678" }]);
    expect(runList(rows, lead, { filters: JSON.stringify({ status: "New", converted: 0 }) })).toEqual([{ name: "L1" }]);
    expect(runList(rows, lead, { or_filters: JSON.stringify([["name", "=", "L1"], ["status", "in", ["Contacted"]]]), order_by: "name asc" })).toEqual([{ name: "L1" }, { name: "L2" }]);
    expect(runList(rows, lead, { order_by: "name asc", limit_page_length: "1", limit_start: "1" })).toEqual([{ name: "L2" }]);
    expect(runList(rows, lead, { limit: "0", filters: JSON.stringify({ status: ["!=", "New"] }) })).toEqual([{ name: "L2" }]);
  });
  it("filters on child-table rows with a 4-element filter", () => {
    const contacts = [{ name: "C1", phone_nos: [{ phone: "+91 99001 12233" }] }, { name: "C2", phone_nos: [] }];
    expect(runList(contacts, contact, { filters: JSON.stringify([["Contact Phone", "phone", "like", "%99001%"]]) })).toEqual([{ name: "C1" }]);
    expect(() => runList(contacts, contact, { filters: JSON.stringify([["CRM Products", "x", "=", 1]]) })).toThrow(FakeFrappeError);
  });
  it("LIKE is case-insensitive and `is set` checks emptiness", () => {
    expect(testValue("Priya", "like", "pri%")).toBe(true);
    expect(testValue("", "is", "set")).toBe(false);
    expect(testValue(null, "is", "not set")).toBe(true);
  });
});

describe("pyJsonDumps", () => {
  it("writes what Python's json.dumps writes", () => {
    expect(pyJsonDumps({ a: "Priyà/x", b: [1, null, true], c: "😀" })).toBe('{"a": "Priy\\u00e0/x", "b": [1, null, true], "c": "\\ud83d\\ude00"}');
  });
});
