import { z } from "zod";
import { ZWorkingIntervalSchema } from "@/lib/appointments/slots";

/**
 * The workspace's bot settings, stored under `Workspace.settings.bot` (JSON), plus the per-number
 * switch `PhoneNumber.botEnabled`. Client-safe (zod only): the settings page and the v1 API share it.
 */
const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    // Intl throws RangeError for unknown zones: that is the "no" we want.
    return false;
  }
};

export const ZBusinessHoursSchema = z
  .object({
    timeZone: z.string().refine(isTimeZone, "unknown IANA time zone"),
    /** Wall-clock intervals per weekday (0 = Sunday) in `timeZone`. */
    weekly: z.array(ZWorkingIntervalSchema).max(50),
  })
  .strict();
export type TBusinessHours = z.infer<typeof ZBusinessHoursSchema>;

export const ZEscalationRulesSchema = z
  .object({
    /** The customer asks for a person. */
    onRequest: z.boolean().default(true),
    /** The bot did not understand two messages in a row. */
    lowConfidence: z.boolean().default(true),
    /** The bot could not parse an answer three times. */
    repeatedFailure: z.boolean().default(true),
    negativeSentiment: z.boolean().default(true),
  })
  .strict();

export const ZBotSettingsSchema = z
  .object({
    /** Off until an admin turns it on (the demo seed does): existing inboxes keep working as they were. */
    enabled: z.boolean().default(false),
    engine: z.enum(["auto", "rules", "claude"]).default("auto"),
    businessName: z.string().trim().max(100).default(""),
    persona: z.string().trim().max(2000).default(""),
    businessProfile: z.string().trim().max(8000).default(""),
    /** null: the bot's team is always available (no out-of-hours reply). */
    businessHours: ZBusinessHoursSchema.nullable().default(null),
    outOfHoursReply: z
      .string()
      .trim()
      .max(1000)
      .default(
        "Thanks for your message! Our team is offline right now and will get back to you during business hours.",
      ),
    escalation: ZEscalationRulesSchema.default({
      onRequest: true,
      lowConfidence: true,
      repeatedFailure: true,
      negativeSentiment: true,
    }),
    /**
     * When the bot speaks again after a hand-off: "on_resolve" — once the agent resolves the
     * conversation (the next conversation starts with the bot); "manual" — only when an agent hands
     * the conversation back.
     */
    resume: z.enum(["on_resolve", "manual"]).default("on_resolve"),
  })
  .strict();
export type TBotSettings = z.output<typeof ZBotSettingsSchema>;

export const ZBotPhoneSettingSchema = z.object({
  id: z.string(),
  displayPhone: z.string(),
  verifiedName: z.string().nullable(),
  botEnabled: z.boolean(),
});

export const ZBotSettingsDtoSchema = z.object({
  settings: ZBotSettingsSchema,
  phoneNumbers: z.array(ZBotPhoneSettingSchema),
  /** The engine the bot runs on now, and why (e.g. "ANTHROPIC_API_KEY is not set"). */
  activeEngine: z.object({ kind: z.enum(["claude", "rules"]), reason: z.string() }),
});
export type TBotSettingsDto = z.infer<typeof ZBotSettingsDtoSchema>;

export const ZUpdateBotSettingsSchema = z
  .object({
    settings: ZBotSettingsSchema.optional(),
    phoneNumbers: z
      .array(z.object({ id: z.string().min(1).max(64), botEnabled: z.boolean() }).strict())
      .max(100)
      .optional(),
  })
  .strict();
export type TUpdateBotSettings = z.infer<typeof ZUpdateBotSettingsSchema>;

/** Reads `Workspace.settings.bot`; missing or invalid fields fall back to their defaults. */
export function parseBotSettings(workspaceSettings: unknown): TBotSettings {
  const raw =
    workspaceSettings && typeof workspaceSettings === "object"
      ? (workspaceSettings as Record<string, unknown>).bot
      : undefined;
  const parsed = ZBotSettingsSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : ZBotSettingsSchema.parse({});
}
