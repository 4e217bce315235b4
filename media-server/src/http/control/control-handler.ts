import type { z } from "zod";
import type { HttpContext } from "../context";

/** One control API endpoint: a zod schema for the JSON body and a handler returning the JSON answer. */
export interface ControlHandler<S extends z.ZodType = z.ZodType> {
  schema: S;
  handle(body: z.output<S>, ctx: HttpContext): Promise<unknown>;
}

export function defineControl<S extends z.ZodType>(handler: ControlHandler<S>): ControlHandler<S> {
  return handler;
}
