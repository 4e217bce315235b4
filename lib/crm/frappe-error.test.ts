import { describe, expect, it } from "vitest";
import { decodeServerMessages, htmlToText, parseFrappeError, parseRetryAfter } from "./frappe-error";

/** A body exactly as frappe.utils.response serialises a ValidationError (double-encoded). */
const serverMessages = (...messages: string[]) =>
  JSON.stringify(messages.map((message) => JSON.stringify({ message, title: "Message", indicator: "red", raise_exception: 1, __frappe_exc_id: "abc" })));

describe("parseFrappeError", () => {
  it("extracts clean text from doubly encoded _server_messages with HTML (417)", () => {
    const bodyText = JSON.stringify({ exc_type: "MandatoryError", _server_messages: serverMessages("Error: Value missing for CRM Lead: <strong>First Name</strong>") });
    const err = parseFrappeError({ status: 417, bodyText });
    expect(err.httpStatus).toBe(417);
    expect(err.excType).toBe("MandatoryError");
    expect(err.messages).toEqual(["Error: Value missing for CRM Lead: First Name"]);
    expect(err.retryable).toBe(false);
    expect(err.userMessage).toBe("Frappe CRM: Error: Value missing for CRM Lead: First Name");
  });

  it("maps 409 DuplicateEntryError and 404 DoesNotExistError", () => {
    const dup = parseFrappeError({ status: 409, bodyText: JSON.stringify({ exc_type: "DuplicateEntryError", _server_messages: serverMessages("CRM Call Log <b>c1</b> already exists") }) });
    expect(dup.isDuplicate).toBe(true);
    expect(dup.text).toBe("CRM Call Log c1 already exists");
    const missing = parseFrappeError({ status: 404, bodyText: JSON.stringify({ exc_type: "DoesNotExistError" }) });
    expect(missing.isNotFound).toBe(true);
    expect(missing.retryable).toBe(false);
  });

  it("treats 429 plain text with Retry-After as retryable with a delay", () => {
    const err = parseFrappeError({ status: 429, bodyText: "Too Many Requests", retryAfter: "7" });
    expect(err.code).toBe("RATE_LIMITED");
    expect(err.retryable).toBe(true);
    expect(err.retryAfterMs).toBe(7000);
    expect(err.messages).toEqual(["Too Many Requests"]);
  });

  it("treats 5xx (JSON or nginx HTML) as retryable and never shows the HTML", () => {
    const html = parseFrappeError({ status: 502, bodyText: "<html><body><h1>502 Bad Gateway</h1></body></html>" });
    expect(html.retryable).toBe(true);
    expect(html.messages).toEqual([]);
    const op = parseFrappeError({ status: 500, bodyText: JSON.stringify({ exc_type: "OperationalError", exception: "pymysql.err.OperationalError: (2013, 'Lost connection')" }) });
    expect(op.retryable).toBe(true);
    expect(op.messages[0]).toContain("Lost connection");
  });

  it("reads _error_message, the v2 errors list and OAuth errors", () => {
    expect(parseFrappeError({ status: 403, bodyText: JSON.stringify({ exc_type: "PermissionError", _error_message: "No permission for <b>CRM Lead</b>" }) }).messages).toEqual(["No permission for CRM Lead"]);
    expect(parseFrappeError({ status: 417, bodyText: JSON.stringify({ errors: [{ type: "ValidationError", message: "Bad" }] }) }).excType).toBe("ValidationError");
    const oauth = parseFrappeError({ status: 400, bodyText: JSON.stringify({ error: "invalid_grant" }) });
    expect(oauth.excType).toBe("invalid_grant");
  });

  it("defaults exc_type from the status and marks 401 as an auth error", () => {
    const err = parseFrappeError({ status: 401, bodyText: "" });
    expect(err.excType).toBe("AuthenticationError");
    expect(err.isAuthError).toBe(true);
    expect(err.retryable).toBe(false);
  });
});

describe("helpers", () => {
  it("decodes a single-encoded list and plain strings too", () => {
    expect(decodeServerMessages(JSON.stringify([{ message: "One" }]))).toEqual(["One"]);
    expect(decodeServerMessages(JSON.stringify(["plain"]))).toEqual(["plain"]);
    expect(decodeServerMessages(undefined)).toEqual([]);
  });
  it("strips tags and entities", () => {
    expect(htmlToText("<p>A &amp; B<br>C</p>")).toBe("A & B C");
  });
  it("parses Retry-After seconds and dates", () => {
    expect(parseRetryAfter("3")).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
