import "server-only";
import { decryptString, encryptString } from "@/lib/core/crypto";
import { getDb } from "@/lib/core/db";
import { env } from "@/lib/core/env";
import { AppError } from "@/lib/core/app-error";
import { type TCrmConfig, crmConfig } from "./config";
import type { FrappeClient, FrappeTokenProvider } from "./frappe-client";
import { getUserFrappeClient } from "./get-frappe-client";
import { refreshFrappeToken } from "./refresh-frappe-token";

/**
 * A Frappe client acting as a signed-in user (their OAuth token from CrmAccount), for calls made
 * on the user's behalf. The token is refreshed (grant_type=refresh_token) a minute before it
 * expires and after a 401, and the new pair is stored encrypted again — Frappe rotates refresh
 * tokens, so the old one stops working. Null when the user never signed in with Frappe.
 */
export async function userFrappeClient(options: { userId: string; config?: TCrmConfig }): Promise<FrappeClient | null> {
  const db = await getDb();
  const config = options.config ?? crmConfig();
  const key = env().encryptionKey;
  const account = await db.crmAccount.findUnique({ where: { userId: options.userId } });
  if (!account?.accessTokenEnc) return null;
  let access = decryptString(account.accessTokenEnc, key);
  let refresh = account.refreshTokenEnc ? decryptString(account.refreshTokenEnc, key) : null;
  let expiresAt = account.expiresAt;

  // Frappe rotates refresh tokens: requests that hit a 401 together must share one refresh, or
  // the second would present an already-used refresh token (invalid_grant).
  let inFlight: Promise<string> | null = null;
  const doRefresh = (): Promise<string> => {
    inFlight ??= refreshOnce().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
  const refreshOnce = async (): Promise<string> => {
    if (!refresh) throw new AppError("UNAUTHENTICATED", { userMessage: "Your Frappe CRM session expired. Sign in with Frappe CRM again." });
    const t = await refreshFrappeToken({ baseUrl: config.baseUrl, clientId: config.oauthClientId, clientSecret: config.oauthClientSecret, refreshToken: refresh });
    access = t.access_token;
    refresh = t.refresh_token ?? refresh;
    expiresAt = new Date(Date.now() + t.expires_in * 1000);
    await db.crmAccount.update({
      where: { id: account.id },
      data: { accessTokenEnc: encryptString(access, key), refreshTokenEnc: refresh ? encryptString(refresh, key) : null, expiresAt },
    });
    return access;
  };
  const tokens: FrappeTokenProvider = {
    async getAccessToken() {
      if (expiresAt && expiresAt.getTime() - Date.now() < 60_000) return doRefresh();
      return access;
    },
    refresh: doRefresh,
  };
  return getUserFrappeClient(tokens, config);
}
