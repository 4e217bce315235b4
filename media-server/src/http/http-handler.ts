import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError } from "../../../lib/core/app-error";
import { SIGNATURE_HEADER, verifyRequest } from "../../../lib/media/signing";
import type { HttpContext } from "./context";
import { CONTROL_HANDLERS } from "./control/handlers";
import { health } from "./health";

/**
 * The media-server's plain HTTP surface: `GET /health` (public) and `POST /control/*` (web only:
 * HMAC-signed, see lib/media/signing.ts). socket.io handles its own `/socket.io/` path on the same
 * server before this runs. Errors use the web API's body: `{ error: { code, message, details? } }`.
 */
export function createHttpHandler(ctx: HttpContext) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res, ctx).catch((err) => {
      const appErr = err instanceof AppError ? err : new AppError("INTERNAL", { message: String(err), cause: err });
      if (appErr.status >= 500) ctx.log.error({ err, path: req.url }, "http request failed");
      send(res, appErr.status, appErr.toBody());
    });
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, ctx: HttpContext): Promise<void> {
  const path = new URL(req.url ?? "/", "http://media-server").pathname;
  if (path === "/health") {
    if (req.method !== "GET" && req.method !== "HEAD") return methodNotAllowed(res, "GET");
    send(res, 200, health(ctx));
    return;
  }
  if (path.startsWith("/control/")) {
    if (req.method !== "POST") return methodNotAllowed(res, "POST");
    // Verify before looking anything up, so unsigned callers cannot even probe which paths exist.
    const raw = await readBody(req, ctx.config.maxBodyBytes);
    const check = verifyRequest(header(req, SIGNATURE_HEADER), raw, ctx.config.secret);
    if (!check.ok) {
      ctx.log.warn({ path, reason: check.reason }, "control call refused");
      throw new AppError("UNAUTHENTICATED", { userMessage: `Missing or invalid ${SIGNATURE_HEADER} (${check.reason}).` });
    }
    const handler = CONTROL_HANDLERS[path];
    if (!handler) throw new AppError("NOT_FOUND", { userMessage: `No control endpoint ${path}.` });
    const body = parseJson(raw, header(req, "content-type"));
    const parsed = handler.schema.safeParse(body);
    if (!parsed.success) {
      const details = parsed.error.issues.map((i) => ({ field: i.path.map(String).join(".") || "(body)", message: i.message }));
      throw new AppError("INVALID_INPUT", { userMessage: details.map((d) => `${d.field}: ${d.message}`).join("; "), details });
    }
    send(res, 200, await handler.handle(parsed.data, ctx));
    return;
  }
  throw new AppError("NOT_FOUND", { userMessage: "No such endpoint." });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function methodNotAllowed(res: ServerResponse, allowed: string): void {
  res.setHeader("allow", allowed);
  send(res, 405, { error: { code: "INVALID_INPUT", message: `Use ${allowed} for this endpoint.` } });
}

function parseJson(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return {};
  if (contentType && !/^application\/([\w.+-]*\+)?json\b/i.test(contentType)) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", { userMessage: "Send the body as application/json." });
  }
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    throw new AppError("INVALID_INPUT", { userMessage: "Malformed JSON.", details: [{ field: "(body)", message: "Malformed JSON" }] });
  }
}

async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? "0");
  const tooLarge = () => new AppError("PAYLOAD_TOO_LARGE", { userMessage: `The request body is larger than ${maxBytes} bytes.` });
  if (declared > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    total += buf.length;
    if (total > maxBytes) {
      req.resume(); // discard the rest; the 413 goes out with connection: close
      throw tooLarge();
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
