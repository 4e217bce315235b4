import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "./env";

const strong = "x".repeat(40);
const secrets = { NEXTAUTH_SECRET: strong, APP_ENCRYPTION_KEY: strong + "a", MEDIA_SERVER_SECRET: strong + "b" };

describe("parseEnv", () => {
  it("starts in development without secrets, with defaults", () => {
    const e = parseEnv({ NODE_ENV: "development" });
    expect(e.PORT).toBe(3000);
    expect(e.appUrl).toBe("http://localhost:3000");
    expect(e.nextAuthSecret.length).toBeGreaterThanOrEqual(32);
  });

  it.each(["NEXTAUTH_SECRET", "APP_ENCRYPTION_KEY", "MEDIA_SERVER_SECRET"])(
    "refuses production without %s and names it",
    (name) => {
      const source: Record<string, string | undefined> = { NODE_ENV: "production", ...secrets, [name]: undefined };
      expect(() => parseEnv(source)).toThrow(ConfigError);
      expect(() => parseEnv(source)).toThrow(new RegExp(`${name} is not set`));
    },
  );

  it("refuses a weak secret in production", () => {
    expect(() => parseEnv({ NODE_ENV: "production", ...secrets, MEDIA_SERVER_SECRET: "short" })).toThrow(
      /MEDIA_SERVER_SECRET is too weak/,
    );
  });

  it("accepts strong secrets in production and uses them", () => {
    const e = parseEnv({ NODE_ENV: "production", ...secrets, APP_URL: "https://cc.example.com/" });
    expect(e.nextAuthSecret).toBe(strong);
    expect(e.appUrl).toBe("https://cc.example.com");
  });

  it("names an invalid variable", () => {
    expect(() => parseEnv({ PORT: "not-a-number" })).toThrow(/PORT/);
  });
});
