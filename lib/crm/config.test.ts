import { describe, expect, it } from "vitest";
import { CrmConfigError, FRAPPE_SANDBOX_DEFAULTS, parseCrmConfig } from "./config";

describe("parseCrmConfig", () => {
  it("runs against the fake Frappe CRM when FRAPPE_URL is unset", () => {
    expect(parseCrmConfig({})).toEqual({
      sandboxMode: true,
      baseUrl: "http://127.0.0.1:4200",
      apiKey: FRAPPE_SANDBOX_DEFAULTS.apiKey,
      apiSecret: FRAPPE_SANDBOX_DEFAULTS.apiSecret,
      webhookSecret: FRAPPE_SANDBOX_DEFAULTS.webhookSecret,
      oauthClientId: FRAPPE_SANDBOX_DEFAULTS.oauthClientId,
      oauthClientSecret: FRAPPE_SANDBOX_DEFAULTS.oauthClientSecret,
      defaultRegion: "IN",
      timeZone: "Asia/Kolkata",
      sandboxPort: 4200,
    });
    expect(parseCrmConfig({ FRAPPE_SANDBOX_PORT: "4321", CRM_DEFAULT_REGION: "gb", FRAPPE_TIME_ZONE: "Europe/London" })).toMatchObject({ baseUrl: "http://127.0.0.1:4321", defaultRegion: "GB", timeZone: "Europe/London" });
  });

  it("needs the API key, secret and webhook secret with a real FRAPPE_URL, and names what is missing", () => {
    expect(() => parseCrmConfig({ FRAPPE_URL: "https://crm.example.com" })).toThrow(/FRAPPE_API_KEY, FRAPPE_API_SECRET, FRAPPE_WEBHOOK_SECRET are not set/);
    const c = parseCrmConfig({ FRAPPE_URL: "https://crm.example.com/", FRAPPE_API_KEY: "k", FRAPPE_API_SECRET: "s", FRAPPE_WEBHOOK_SECRET: "w" });
    expect(c).toMatchObject({ sandboxMode: false, baseUrl: "https://crm.example.com", apiKey: "k", oauthClientId: "" });
  });

  it("rejects a bad region, time zone or URL", () => {
    expect(() => parseCrmConfig({ CRM_DEFAULT_REGION: "India" })).toThrow(CrmConfigError);
    expect(() => parseCrmConfig({ FRAPPE_TIME_ZONE: "Mars/Olympus" })).toThrow(/FRAPPE_TIME_ZONE/);
    expect(() => parseCrmConfig({ FRAPPE_URL: "not a url" })).toThrow(/FRAPPE_URL/);
  });
});
