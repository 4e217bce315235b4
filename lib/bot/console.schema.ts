import { z } from "zod";
import { ZBotActionSchema } from "./actions";

/** The settings page's test console: the admin types as a customer; nothing is sent anywhere. */
export const ZBotConsoleInputSchema = z
  .object({
    message: z.string().trim().min(1).max(4096),
    /** A tapped list row / button id from a previous answer. */
    replyId: z.string().min(1).max(200).optional(),
    /** The state the previous console turn returned (omit to start over). */
    state: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type TBotConsoleInput = z.infer<typeof ZBotConsoleInputSchema>;

export const ZBotConsoleResultSchema = z.object({
  actions: z.array(ZBotActionSchema),
  state: z.record(z.string(), z.unknown()),
  engine: z.string(),
  language: z.string(),
  confidence: z.number(),
  /** Server-side time of the turn, ms. */
  tookMs: z.number(),
});
export type TBotConsoleResult = z.infer<typeof ZBotConsoleResultSchema>;

export const ZBotControlSchema = z.object({ action: z.enum(["hand_back", "pause"]) }).strict();
