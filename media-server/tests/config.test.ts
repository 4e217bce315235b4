import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config";
import { loadCallMediaConfig } from "../src/rooms/call-media-config";
import { createWhatsAppPeer } from "../src/whatsapp/whatsapp-peer";

const STRONG = "a-strong-media-secret-0123456789abcdefgh";

describe("media-server config", () => {
  it("has working defaults outside production", () => {
    const c = loadConfig({ MEDIA_WORKERS: "2" });
    expect(c).toMatchObject({ port: 4000, host: "0.0.0.0", listenIp: "127.0.0.1", rtcMinPort: 40000, rtcMaxPort: 49999, workers: 2 });
    expect(c.eventsUrl).toBe("http://127.0.0.1:3000/api/media/events");
    expect(c.corsOrigins).toEqual(["http://127.0.0.1:3000", "http://localhost:3000"]);
    expect(loadConfig({ APP_URL: "https://crm.example/app" }).corsOrigins).toContain("https://crm.example");
    expect(c.secret.length).toBeGreaterThan(0);
  });

  it("refuses to start in production with a missing or weak MEDIA_SERVER_SECRET, naming it", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/MEDIA_SERVER_SECRET is not set/);
    expect(() => loadConfig({ NODE_ENV: "production", MEDIA_SERVER_SECRET: "short" })).toThrow(/MEDIA_SERVER_SECRET is too weak/);
    expect(() => loadConfig({ NODE_ENV: "production", MEDIA_SERVER_SECRET: "short" })).toThrow(ConfigError);
    expect(loadConfig({ NODE_ENV: "production", MEDIA_SERVER_SECRET: STRONG }).secret).toBe(STRONG);
  });

  it("parses lists and rejects bad values", () => {
    const c = loadConfig({ MEDIA_CORS_ORIGIN: "https://a.example, https://b.example/", WEB_CALLBACK_URL: "http://web:3000/" });
    expect(c.corsOrigins).toEqual(["https://a.example", "https://b.example"]);
    expect(c.eventsUrl).toBe("http://web:3000/api/media/events");
    expect(() => loadConfig({ MEDIA_PORT: "70000" })).toThrow(/MEDIA_PORT/);
    expect(() => loadConfig({ MEDIA_WORKERS: "4", RTC_MIN_PORT: "40000", RTC_MAX_PORT: "40001" })).toThrow(/one port per worker/);
  });

  it("gateway: loopback host by default and no STUN server unless one is configured", async () => {
    const d = loadCallMediaConfig({});
    expect(d).toMatchObject({ gatewayHosts: ["127.0.0.1"], gatewayIpv6: false, gatewayStun: [], customerSilenceMs: 20_000 });
    const c = loadCallMediaConfig({ MEDIA_GATEWAY_HOSTS: "10.0.0.5, 127.0.0.1", MEDIA_GATEWAY_STUN: "stun:stun.example:3478, " });
    expect(c.gatewayHosts).toEqual(["10.0.0.5", "127.0.0.1"]);
    expect(c.gatewayStun).toEqual(["stun:stun.example:3478"]);
    // werift's own default would ask a Google server on every call.
    const pc = createWhatsAppPeer({ hostAddresses: d.gatewayHosts, ipv6: false, stunServers: d.gatewayStun });
    const withStun = createWhatsAppPeer({ hostAddresses: c.gatewayHosts, ipv6: false, stunServers: c.gatewayStun });
    try {
      expect(pc.config.iceServers).toEqual([]);
      expect(withStun.config.iceServers).toEqual([{ urls: "stun:stun.example:3478" }]);
    } finally {
      await Promise.all([pc.close(), withStun.close()]);
    }
  });
});
