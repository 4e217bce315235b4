import type { ServerResponse } from "node:http";

/**
 * Frappe's v1 error bodies (reference §1.6): `exc_type` plus `_server_messages`, a JSON string of a
 * list of JSON strings `{message, title, indicator, raise_exception}` (double-encoded on purpose:
 * that is how frappe.utils.response serialises `frappe.local.message_log`).
 */
export class FakeFrappeError extends Error {
  constructor(
    readonly status: number,
    readonly excType: string,
    message: string,
    readonly title = "Message",
  ) {
    super(message);
    this.name = "FakeFrappeError";
  }
}

export function serverMessages(messages: { message: string; title?: string }[]): string {
  return JSON.stringify(
    messages.map((m) =>
      JSON.stringify({ message: m.message, title: m.title ?? "Message", indicator: "red", raise_exception: 1, __frappe_exc_id: Math.random().toString(16).slice(2, 12) }),
    ),
  );
}

export function sendFrappeError(res: ServerResponse, err: FakeFrappeError): void {
  const body: Record<string, unknown> = { exc_type: err.excType };
  if (err.message) body._server_messages = serverMessages([{ message: err.message, title: err.title }]);
  if (err.excType === "PermissionError") body._error_message = err.message;
  const text = JSON.stringify(body);
  res.writeHead(err.status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

export const frappeErrors = {
  mandatory: (doctype: string, label: string) =>
    new FakeFrappeError(417, "MandatoryError", `Error: Value missing for ${doctype}: <strong>${label}</strong>`, "Missing Values Required"),
  link: (label: string, value: unknown) => new FakeFrappeError(417, "LinkValidationError", `Could not find <strong>${label}</strong>: ${String(value)}`),
  select: (label: string, value: unknown, options: string[]) =>
    new FakeFrappeError(417, "ValidationError", `<strong>${label}</strong> cannot be "${String(value)}". It should be one of ${options.map((o) => `"${o}"`).join(", ")}`),
  validation: (message: string) => new FakeFrappeError(417, "ValidationError", message),
  duplicate: (doctype: string, name: string) =>
    new FakeFrappeError(409, "DuplicateEntryError", `${doctype} <strong>${name}</strong> already exists`, "Duplicate Entry"),
  notFound: (doctype: string, name: string) => new FakeFrappeError(404, "DoesNotExistError", `${doctype} ${name} not found`),
  notPermitted: (what = "Not permitted") => new FakeFrappeError(403, "PermissionError", what, "Not Permitted"),
  authentication: () => new FakeFrappeError(401, "AuthenticationError", ""),
};
