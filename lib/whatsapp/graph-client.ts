import { AppError } from "@/lib/core/app-error";
import { type TMappedError, type TMetaErrorInput, mapMetaError, networkError } from "./errors";

/**
 * Thin Graph API client over fetch: base URL + pinned version, bearer token, JSON and multipart
 * bodies, a timeout, and Meta's error body parsed into a GraphApiError carrying the mapped cause.
 * No retries here — the job runner decides from `retryable` / `retryAfterMs`.
 */
export class GraphApiError extends AppError {
  readonly mapped: TMappedError;
  readonly httpStatus?: number;

  constructor(mapped: TMappedError, options: { httpStatus?: number; path?: string; cause?: unknown } = {}) {
    const code = mapped.cause === "rate_limited" ? "RATE_LIMITED" : "PROVIDER_ERROR";
    super(code, {
      message: `Graph API ${options.path ?? ""} failed: [${mapped.code}] ${mapped.userText}`,
      userMessage: mapped.userText,
      details: { metaCode: mapped.code, cause: mapped.cause, retryable: mapped.retryable },
      cause: options.cause,
    });
    this.name = "GraphApiError";
    this.mapped = mapped;
    this.httpStatus = options.httpStatus;
  }

  get retryable(): boolean {
    return this.mapped.retryable;
  }

  get retryAfterMs(): number | undefined {
    return this.mapped.retryAfterMs;
  }

  static is(err: unknown): err is GraphApiError {
    return err instanceof GraphApiError;
  }
}

export interface GraphClientOptions {
  /** Host without version: https://graph.facebook.com or the sandbox's …/graph. */
  baseUrl: string;
  version: string;
  accessToken: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Meta's media host reportedly refuses requests without one (reference §4.2). */
  userAgent?: string;
}

export interface GraphRequest {
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  form?: FormData;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 20_000;
const DEFAULT_USER_AGENT = "wa-contact-centre/0.1 (+graph-client)";

function parseRetryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const secs = Number(header);
  if (Number.isFinite(secs) && secs >= 0) return secs * 1000;
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

export class GraphClient {
  readonly baseUrl: string;
  readonly version: string;
  private readonly accessToken: string;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly userAgent: string;

  constructor(options: GraphClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.version = options.version;
    this.accessToken = options.accessToken;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.fetchImpl = options.fetch ?? fetch;
    this.userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  }

  url(path: string, query?: GraphRequest["query"]): string {
    const u = new URL(`${this.baseUrl}/${this.version}/${path.replace(/^\/+/, "")}`);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
    return u.toString();
  }

  get<T>(path: string, req: Omit<GraphRequest, "json" | "form"> = {}): Promise<T> {
    return this.request<T>("GET", path, req);
  }

  post<T>(path: string, req: GraphRequest = {}): Promise<T> {
    return this.request<T>("POST", path, req);
  }

  delete<T>(path: string, req: Omit<GraphRequest, "json" | "form"> = {}): Promise<T> {
    return this.request<T>("DELETE", path, req);
  }

  async request<T>(method: string, path: string, req: GraphRequest = {}): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.accessToken}`, "user-agent": this.userAgent, accept: "application/json" };
    let body: BodyInit | undefined;
    if (req.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(req.json);
    } else if (req.form) {
      body = req.form; // fetch sets the multipart boundary
    }
    const res = await this.send(this.url(path, req.query), { method, headers, body }, req.timeoutMs, path);
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      parsed = undefined;
    }
    if (!res.ok) throw this.errorFrom(res, parsed, text, path);
    if (parsed === undefined) {
      throw new GraphApiError(mapMetaError({ message: `Graph returned a non-JSON body (${res.status})` }, { httpStatus: res.status }), {
        httpStatus: res.status,
        path,
      });
    }
    return parsed as T;
  }

  /** Download bytes from an absolute URL (Meta's media URLs need the bearer token and expire in 5 minutes). */
  async download(url: string, timeoutMs?: number): Promise<{ bytes: Buffer; contentType: string }> {
    const res = await this.send(url, { method: "GET", headers: { authorization: `Bearer ${this.accessToken}`, "user-agent": this.userAgent } }, timeoutMs, "media download");
    if (!res.ok) {
      const text = await res.text();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      throw this.errorFrom(res, parsed, text, "media download");
    }
    return { bytes: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get("content-type") ?? "application/octet-stream" };
  }

  private async send(url: string, init: RequestInit, timeoutMs: number | undefined, path: string): Promise<Response> {
    const signal = AbortSignal.timeout(timeoutMs ?? this.timeoutMs);
    try {
      return await this.fetchImpl(url, { ...init, signal });
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
      // No response at all: the request may or may not have reached Meta (sends are not idempotent, §5.4).
      throw new GraphApiError(networkError(timedOut ? `No answer from WhatsApp within ${timeoutMs ?? this.timeoutMs} ms` : "Could not reach WhatsApp"), {
        path,
        cause: err,
      });
    }
  }

  private errorFrom(res: Response, parsed: unknown, text: string, path: string): GraphApiError {
    const retryAfterHeaderMs = parseRetryAfter(res.headers.get("retry-after"));
    const body = (parsed as { error?: TMetaErrorInput } | undefined)?.error;
    const input: TMetaErrorInput = body && typeof body === "object" ? body : { message: text.slice(0, 500) || `HTTP ${res.status}` };
    return new GraphApiError(mapMetaError(input, { httpStatus: res.status, retryAfterHeaderMs }), { httpStatus: res.status, path });
  }
}
