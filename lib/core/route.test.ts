import { describe, expect, it } from "vitest";
import { z } from "zod";
import { route, zodDetails } from "./route";

describe("zodDetails", () => {
  const Schema = z.strictObject({
    name: z.string().min(1),
    role: z.enum(["admin", "agent"]),
    nested: z.strictObject({ capacity: z.number().int() }).optional(),
  });

  it("names each unknown field, nested ones with their path", () => {
    const r = Schema.safeParse({ name: "A", role: "agent", isAdmin: true, extra: 1, nested: { capacity: 1, x: 2 } });
    expect(r.success).toBe(false);
    const details = zodDetails(r.error!, "body");
    expect(details).toEqual(
      expect.arrayContaining([
        { field: "isAdmin", message: "Unknown field" },
        { field: "extra", message: "Unknown field" },
        { field: "nested.x", message: "Unknown field" },
      ]),
    );
    expect(details).toHaveLength(3);
  });

  it("names invalid and missing fields", () => {
    const r = Schema.safeParse({ role: "owner", nested: { capacity: 1.5 } });
    const fields = zodDetails(r.error!, "body").map((d) => d.field);
    expect(fields.sort()).toEqual(["name", "nested.capacity", "role"]);
  });

  it("names the location when the whole value is wrong", () => {
    const r = Schema.safeParse([1, 2]);
    expect(zodDetails(r.error!, "query")).toEqual([{ field: "(query)", message: expect.any(String) }]);
  });
});

describe("route() input handling (public route, no database involved)", () => {
  const handler = route(
    { auth: "public", body: z.strictObject({ name: z.string() }), maxBodyBytes: 100 },
    async ({ body }) => ({ hello: body.name }),
  );
  const call = (body: BodyInit, headers: Record<string, string> = { "content-type": "application/json" }) =>
    handler(new Request("http://x.test/api/t", { method: "POST", body, headers }), { params: Promise.resolve({}) });

  it("parses a valid body", async () => {
    const res = await call(JSON.stringify({ name: "Asha" }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ hello: "Asha" });
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });

  it("answers malformed JSON with 400 naming the body", async () => {
    const res = await call('{"name": ');
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("INVALID_INPUT");
    expect(body.error.details).toEqual([{ field: "(body)", message: "Malformed JSON" }]);
  });

  it("answers unknown fields with 400 naming them", async () => {
    const res = await call(JSON.stringify({ name: "A", role: "admin" }));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.details).toEqual([{ field: "role", message: "Unknown field" }]);
    expect(body.error.message).toContain("role");
  });

  it("answers an oversized body with 413", async () => {
    const res = await call(JSON.stringify({ name: "x".repeat(200) }));
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("answers a non-JSON content type with 415", async () => {
    const res = await call("name=A", { "content-type": "application/x-www-form-urlencoded" });
    expect(res.status).toBe(415);
  });
});
