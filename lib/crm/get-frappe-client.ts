import "server-only";
import { type TCrmConfig, crmConfig } from "./config";
import { FrappeClient, type FrappeTokenProvider } from "./frappe-client";

/** The integration user's client (API key/secret) for system writes: jobs, sync, reconciliation. */
export function getFrappeClient(config: TCrmConfig = crmConfig()): FrappeClient {
  return new FrappeClient({ baseUrl: config.baseUrl, auth: { kind: "token", apiKey: config.apiKey, apiSecret: config.apiSecret } });
}

/** A client acting as a signed-in user through their OAuth token (refreshed once on 401). */
export function getUserFrappeClient(tokens: FrappeTokenProvider, config: TCrmConfig = crmConfig()): FrappeClient {
  return new FrappeClient({ baseUrl: config.baseUrl, auth: { kind: "bearer", tokens } });
}
