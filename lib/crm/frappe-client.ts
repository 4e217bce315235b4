import { FrappeError, parseFrappeError } from "./frappe-error";

/**
 * Thin Frappe REST client (v1 API, reference §1): the resource API (`/api/resource/{DocType}`) and
 * RPC (`/api/method/{dotted.path}`), with either the integration user's API key
 * (`Authorization: token key:secret`) or a signed-in user's OAuth bearer token.
 *
 * No retries inside (the job runner retries from `FrappeError.retryable`), except one: with a bearer
 * token, a 401 asks the token provider to refresh once and the request is sent again.
 */
export type FrappeFilterOp = "=" | "!=" | ">" | "<" | ">=" | "<=" | "like" | "not like" | "in" | "not in" | "between" | "is";
/** `[field, op, value]`, or `[childDoctype, field, op, value]` to filter on a child table's rows. */
export type FrappeFilter = [string, FrappeFilterOp, unknown] | [string, string, FrappeFilterOp, unknown];
export type FrappeFilters = FrappeFilter[] | Record<string, unknown>;

export interface FrappeListOptions {
  fields?: string[];
  filters?: FrappeFilters;
  orFilters?: FrappeFilters;
  orderBy?: string;
  /** Frappe's default page is 20 rows; 0 means no limit. */
  limit?: number;
  start?: number;
}

export interface FrappeTokenProvider {
  /** The current access token. */
  getAccessToken(): Promise<string>;
  /** Called after a 401: refresh (grant_type=refresh_token) and return the new access token. */
  refresh(): Promise<string>;
}

export type FrappeAuth =
  | { kind: "token"; apiKey: string; apiSecret: string }
  | { kind: "bearer"; tokens: FrappeTokenProvider }
  | { kind: "none" };

export interface FrappeClientOptions {
  baseUrl: string;
  auth: FrappeAuth;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export type FrappeDoc = Record<string, unknown> & { name: string };

const DEFAULT_TIMEOUT_MS = 15_000;

export class FrappeClient {
  readonly baseUrl: string;
  private readonly auth: FrappeAuth;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(options: FrappeClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.auth = options.auth;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** `GET /api/resource/{doctype}` — permission-aware list; values are JSON-encoded query params. */
  async getList<T = Record<string, unknown>>(doctype: string, options: FrappeListOptions = {}): Promise<T[]> {
    const query: Record<string, string> = {};
    if (options.fields) query.fields = JSON.stringify(options.fields);
    if (options.filters) query.filters = JSON.stringify(options.filters);
    if (options.orFilters) query.or_filters = JSON.stringify(options.orFilters);
    if (options.orderBy) query.order_by = options.orderBy;
    if (options.limit !== undefined) query.limit_page_length = String(options.limit);
    if (options.start !== undefined) query.limit_start = String(options.start);
    const body = await this.request<{ data: T[] }>("GET", resourcePath(doctype), { query });
    return body.data;
  }

  async getDoc<T = FrappeDoc>(doctype: string, name: string | number): Promise<T> {
    const body = await this.request<{ data: T }>("GET", resourcePath(doctype, name));
    return body.data;
  }

  /** The doc, or null on 404 DoesNotExistError. */
  async findDoc<T = FrappeDoc>(doctype: string, name: string | number): Promise<T | null> {
    try {
      return await this.getDoc<T>(doctype, name);
    } catch (err) {
      if (err instanceof FrappeError && err.isNotFound) return null;
      throw err;
    }
  }

  /** `POST /api/resource/{doctype}` — full insert (validation, naming, hooks); answers 200 with the doc. */
  async insert<T = FrappeDoc>(doctype: string, doc: Record<string, unknown>): Promise<T> {
    const body = await this.request<{ data: T }>("POST", resourcePath(doctype), { json: doc });
    return body.data;
  }

  /** `PUT /api/resource/{doctype}/{name}` — partial update; answers with the full doc. */
  async update<T = FrappeDoc>(doctype: string, name: string | number, changes: Record<string, unknown>): Promise<T> {
    const body = await this.request<{ data: T }>("PUT", resourcePath(doctype, name), { json: changes });
    return body.data;
  }

  /** `DELETE` answers 202 `{"data":"ok"}` on v15+ (`{"message":"ok"}` on v14). */
  async delete(doctype: string, name: string | number): Promise<void> {
    await this.request("DELETE", resourcePath(doctype, name));
  }

  /**
   * `/api/method/{path}`. Writes must be POST: Frappe commits only for unsafe methods (§1.4).
   * The return value is under `message`; a method returning None answers `{}` (→ undefined).
   */
  async call<T = unknown>(method: string, args: Record<string, unknown> = {}, httpMethod: "GET" | "POST" = "POST"): Promise<T> {
    const path = `/api/method/${method}`;
    const body =
      httpMethod === "GET"
        ? await this.request<{ message?: T }>("GET", path, { query: stringifyArgs(args) })
        : await this.request<{ message?: T }>("POST", path, { json: args });
    return body.message as T;
  }

  async request<T = unknown>(
    method: string,
    path: string,
    req: { query?: Record<string, string>; json?: unknown } = {},
  ): Promise<T> {
    const url = new URL(this.baseUrl + path);
    for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
    let res = await this.send(method, url, req.json, path, false);
    if (res.status === 401 && this.auth.kind === "bearer") {
      // An expired or revoked OAuth token: refresh once, then resend.
      await res.body?.cancel().catch(() => undefined);
      res = await this.send(method, url, req.json, path, true);
    }
    const text = await res.text();
    if (!res.ok) {
      throw parseFrappeError({ status: res.status, bodyText: text, retryAfter: res.headers.get("retry-after"), method, path });
    }
    if (!text) return {} as T;
    try {
      return JSON.parse(text) as T;
    } catch (cause) {
      throw new FrappeError({ status: res.status, excType: null, messages: ["Frappe answered with a non-JSON body"], method, path, cause });
    }
  }

  private async authorization(refresh: boolean): Promise<string | undefined> {
    switch (this.auth.kind) {
      case "token":
        return `token ${this.auth.apiKey}:${this.auth.apiSecret}`;
      case "bearer":
        return `Bearer ${refresh ? await this.auth.tokens.refresh() : await this.auth.tokens.getAccessToken()}`;
      case "none":
        return undefined;
    }
  }

  private async send(method: string, url: URL, json: unknown, path: string, refresh: boolean): Promise<Response> {
    // Frappe answers HTML error pages unless the client asks for JSON (§1.6).
    const headers: Record<string, string> = { accept: "application/json" };
    const authorization = await this.authorization(refresh);
    if (authorization) headers.authorization = authorization;
    let body: string | undefined;
    if (json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(json);
    }
    try {
      return await this.fetchImpl(url, { method, headers, body, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (cause) {
      const timedOut = cause instanceof Error && (cause.name === "TimeoutError" || cause.name === "AbortError");
      throw new FrappeError({
        status: 0,
        excType: timedOut ? "Timeout" : "NetworkError",
        messages: [timedOut ? `no answer within ${this.timeoutMs} ms` : `cannot reach ${this.baseUrl}`],
        method,
        path,
        cause,
      });
    }
  }
}

/** DocType and document names contain spaces and slashes: each is one encoded path segment. */
export function resourcePath(doctype: string, name?: string | number): string {
  const base = `/api/resource/${encodeURIComponent(doctype)}`;
  return name === undefined ? base : `${base}/${encodeURIComponent(String(name))}`;
}

function stringifyArgs(args: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(args)) {
    if (v === undefined) continue;
    out[k] = typeof v === "string" ? v : JSON.stringify(v);
  }
  return out;
}
