import type { z } from "zod";
import { json } from "@/lib/core/route";
import type { ApiRouteDef } from "./openapi";

/**
 * The success response of a documented route: the data parsed with the route's response schema
 * (so nothing undocumented, e.g. a password hash, can leave) and the route's success status.
 */
export function respond<D extends ApiRouteDef>(def: D, data: z.input<D["response"]>, status = def.status ?? 200): Response {
  return json(def.response.parse(data), status);
}
