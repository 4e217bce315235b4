import { describe, expect, it } from "vitest";
import { DEFAULT_GRAPH_URL, DEFAULT_GRAPH_VERSION, SANDBOX_DEFAULTS, WhatsAppConfigError, parseWhatsAppConfig } from "./config";

describe("parseWhatsAppConfig", () => {
  it("runs in sandbox mode without an access token, pointing Graph at the sandbox", () => {
    const c = parseWhatsAppConfig({});
    expect(c.sandboxMode).toBe(true);
    expect(c.graphUrl).toBe("http://127.0.0.1:4100/graph");
    expect(c.apiVersion).toBe(DEFAULT_GRAPH_VERSION);
    expect(c.accessToken).toBe(SANDBOX_DEFAULTS.accessToken);
    expect(c.phoneNumberId).toBe(SANDBOX_DEFAULTS.phoneNumberId);
    expect(c.appSecret).toBe(SANDBOX_DEFAULTS.appSecret);
    expect(c.sandboxWebhookUrl).toBe("http://127.0.0.1:3000/api/webhooks/whatsapp");
  });

  it("follows SANDBOX_PORT / SANDBOX_URL and treats empty strings as unset", () => {
    expect(parseWhatsAppConfig({ SANDBOX_PORT: "4555", WHATSAPP_ACCESS_TOKEN: "" }).graphUrl).toBe("http://127.0.0.1:4555/graph");
    expect(parseWhatsAppConfig({ SANDBOX_URL: "http://sandbox.local:9000/" }).graphUrl).toBe("http://sandbox.local:9000/graph");
  });

  it("uses the real Graph host when an access token and the ids are set", () => {
    const c = parseWhatsAppConfig({
      WHATSAPP_ACCESS_TOKEN: "EAAG...",
      WHATSAPP_PHONE_NUMBER_ID: "106540352242922",
      WHATSAPP_WABA_ID: "102290129340398",
      WHATSAPP_APP_SECRET: "s3cret",
      WHATSAPP_VERIFY_TOKEN: "verify-me",
      WHATSAPP_API_VERSION: "v24.0",
    });
    expect(c).toMatchObject({ sandboxMode: false, graphUrl: DEFAULT_GRAPH_URL, apiVersion: "v24.0", accessToken: "EAAG..." });
  });

  it("names the missing variables when a token is set without ids", () => {
    expect(() => parseWhatsAppConfig({ WHATSAPP_ACCESS_TOKEN: "x", WHATSAPP_PHONE_NUMBER_ID: "1" })).toThrow(
      /WHATSAPP_WABA_ID, WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN are not set/,
    );
  });

  it("rejects a malformed version or URL", () => {
    expect(() => parseWhatsAppConfig({ WHATSAPP_API_VERSION: "25" })).toThrow(WhatsAppConfigError);
    expect(() => parseWhatsAppConfig({ WHATSAPP_GRAPH_URL: "not a url" })).toThrow(/WHATSAPP_GRAPH_URL/);
  });
});
