import { describe, expect, it } from "vitest";
import { parseBotSettings, ZBotSettingsSchema } from "./settings.schema";

describe("bot settings", () => {
  it("defaults: off until enabled, automatic engine, resume on resolve, every escalation rule on", () => {
    expect(parseBotSettings({})).toMatchObject({
      enabled: false,
      engine: "auto",
      resume: "on_resolve",
      businessHours: null,
      escalation: { onRequest: true, lowConfidence: true, repeatedFailure: true, negativeSentiment: true },
    });
  });

  it("reads settings.bot and falls back to defaults for unreadable data", () => {
    expect(parseBotSettings({ bot: { enabled: true, engine: "rules" }, routing: {} })).toMatchObject({
      enabled: true,
      engine: "rules",
    });
    expect(parseBotSettings({ bot: { engine: "gpt-9" } }).engine).toBe("auto");
    expect(parseBotSettings(null).enabled).toBe(false);
  });

  it("rejects unknown fields and unknown time zones", () => {
    expect(ZBotSettingsSchema.safeParse({ colour: "red" }).success).toBe(false);
    expect(
      ZBotSettingsSchema.safeParse({ businessHours: { timeZone: "Mars/Olympus", weekly: [] } }).success,
    ).toBe(false);
    expect(
      ZBotSettingsSchema.safeParse({
        businessHours: { timeZone: "Asia/Kolkata", weekly: [{ weekday: 1, start: "10:00", end: "09:00" }] },
      }).success,
    ).toBe(false);
  });
});
