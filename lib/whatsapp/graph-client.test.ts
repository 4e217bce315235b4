import { describe, expect, it } from "vitest";
import { GraphApiError, GraphClient } from "./graph-client";

/** Interface fake for fetch: records requests and answers what the test says. */
function fakeFetch(answer: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit }[] = [];
  const f = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    calls.push({ url, init: init ?? {} });
    return answer(url, init ?? {});
  }) as typeof fetch;
  return { f, calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

describe("GraphClient", () => {
  it("builds versioned URLs and sends the bearer token, JSON and a User-Agent", async () => {
    const { f, calls } = fakeFetch(() => json(200, { ok: true }));
    const c = new GraphClient({ baseUrl: "https://graph.example/", version: "v25.0", accessToken: "tok", fetch: f });
    await c.post("123/messages", { json: { a: 1 }, query: { x: "y", skip: undefined } });
    expect(calls[0]!.url).toBe("https://graph.example/v25.0/123/messages?x=y");
    const h = calls[0]!.init.headers as Record<string, string>;
    expect(h.authorization).toBe("Bearer tok");
    expect(h["content-type"]).toBe("application/json");
    expect(h["user-agent"]).toMatch(/\S/);
    expect(calls[0]!.init.body).toBe('{"a":1}');
  });

  it("turns Meta's error body into a GraphApiError with the mapped cause and Retry-After", async () => {
    const { f } = fakeFetch(() =>
      json(
        400,
        { error: { message: "(#130429) Rate limit hit", type: "OAuthException", code: 130429, error_data: { messaging_product: "whatsapp", details: "Cloud API message throughput has been reached." }, fbtrace_id: "abc" } },
        { "retry-after": "3" },
      ),
    );
    const c = new GraphClient({ baseUrl: "https://g", version: "v25.0", accessToken: "t", fetch: f });
    const err = await c.post("1/messages", { json: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphApiError);
    const g = err as GraphApiError;
    expect(g).toMatchObject({ httpStatus: 400, retryable: true, retryAfterMs: 3000, code: "RATE_LIMITED" });
    expect(g.mapped.meta.fbtraceId).toBe("abc");
    expect(g.userMessage).toBe("(#130429) Rate limit hit: Cloud API message throughput has been reached.");
  });

  it("maps a non-JSON 502 to a retryable temporary error", async () => {
    const { f } = fakeFetch(() => new Response("<html>Bad gateway</html>", { status: 502 }));
    const c = new GraphClient({ baseUrl: "https://g", version: "v25.0", accessToken: "t", fetch: f });
    const err = (await c.get("1").catch((e: unknown) => e)) as GraphApiError;
    expect(err.mapped).toMatchObject({ cause: "temporary", retryable: true, httpStatus: 502 });
  });

  it("reports no response (timeout / connection refused) as retryable", async () => {
    const { f } = fakeFetch((_url, init) => new Promise<Response>((_, reject) => init.signal!.addEventListener("abort", () => reject(init.signal!.reason))));
    const c = new GraphClient({ baseUrl: "https://g", version: "v25.0", accessToken: "t", fetch: f, timeoutMs: 20 });
    const err = (await c.get("1").catch((e: unknown) => e)) as GraphApiError;
    expect(err).toBeInstanceOf(GraphApiError);
    expect(err.mapped).toMatchObject({ cause: "temporary", retryable: true });
    expect(err.userMessage).toMatch(/No answer from WhatsApp within 20 ms/);

    const refused = fakeFetch(() => Promise.reject(new TypeError("fetch failed")));
    const c2 = new GraphClient({ baseUrl: "https://g", version: "v25.0", accessToken: "t", fetch: refused.f });
    const e2 = (await c2.get("1").catch((e: unknown) => e)) as GraphApiError;
    expect(e2.mapped).toMatchObject({ cause: "temporary", retryable: true, userText: "Could not reach WhatsApp" });
  });

  it("downloads bytes with the bearer token", async () => {
    const { f, calls } = fakeFetch(() => new Response(new Uint8Array([1, 2, 3]), { status: 200, headers: { "content-type": "image/png" } }));
    const c = new GraphClient({ baseUrl: "https://g", version: "v25.0", accessToken: "t", fetch: f });
    const r = await c.download("https://media.example/x?mid=1");
    expect([...r.bytes]).toEqual([1, 2, 3]);
    expect(r.contentType).toBe("image/png");
    expect((calls[0]!.init.headers as Record<string, string>).authorization).toBe("Bearer t");
  });
});
