import type { IncomingMessage } from "node:http";
import { safeEqual } from "@/lib/core/crypto";
import type { SandboxStore } from "../store";
import { GraphError, graphErrors } from "./errors";

/** Every Graph call needs `Authorization: Bearer <token>`; anything else is Meta's 190 OAuthException. */
export function checkBearer(req: IncomingMessage, store: SandboxStore): GraphError | null {
  const header = req.headers.authorization ?? "";
  const m = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!m) return graphErrors.invalidToken();
  return safeEqual(m[1]!, store.options.accessToken) ? null : graphErrors.invalidToken();
}
