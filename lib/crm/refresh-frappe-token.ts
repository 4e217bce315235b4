import { z } from "zod";
import { parseFrappeError } from "./frappe-error";

/**
 * `POST /api/method/frappe.integrations.oauth2.get_token` with `grant_type=refresh_token`
 * (reference §2.3). The body is form-urlencoded and the answer is the raw token JSON (not wrapped
 * in `message`). Client credentials go in the body (`client_secret_post`), the one method that
 * works across Frappe versions.
 */
export const ZFrappeTokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.coerce.number().int().positive().default(3600),
  refresh_token: z.string().min(1).optional(),
  scope: z.string().optional(),
  id_token: z.string().optional(),
});
export type TFrappeTokenResponse = z.infer<typeof ZFrappeTokenResponseSchema>;

export interface RefreshFrappeTokenOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  fetch?: typeof fetch;
}

export async function refreshFrappeToken(options: RefreshFrappeTokenOptions): Promise<TFrappeTokenResponse> {
  const path = "/api/method/frappe.integrations.oauth2.get_token";
  const form = new URLSearchParams({
    grant_type: "refresh_token",
    refresh_token: options.refreshToken,
    client_id: options.clientId,
    client_secret: options.clientSecret,
  });
  const res = await (options.fetch ?? fetch)(options.baseUrl.replace(/\/+$/, "") + path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: form.toString(),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  if (!res.ok) throw parseFrappeError({ status: res.status, bodyText: text, method: "POST", path });
  return ZFrappeTokenResponseSchema.parse(JSON.parse(text));
}
