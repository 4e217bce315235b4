import { type TCrmConfig, crmConfig } from "./config";
import { parseFrappeRoleMap, type TFrappeRoleMap } from "./frappe-role-map";

/**
 * Sign in with Frappe CRM: on when FRAPPE_OAUTH_CLIENT_ID (+ _SECRET) is set, or in sandbox mode
 * with the fake's seeded OAuth client. FRAPPE_AUTO_PROVISION=1 creates unknown Frappe users as
 * local users (default on in sandbox mode, off otherwise); FRAPPE_DEFAULT_WORKSPACE (a workspace
 * slug) says where, else the oldest workspace. FRAPPE_ROLE_MAP: see frappe-role-map.ts.
 */
export interface TFrappeAuthConfig {
  enabled: boolean;
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  autoProvision: boolean;
  defaultWorkspaceSlug: string | null;
  roleMap: TFrappeRoleMap;
}

export function frappeAuthConfig(source: Record<string, string | undefined> = process.env, crm: TCrmConfig = crmConfig()): TFrappeAuthConfig {
  const flag = source.FRAPPE_AUTO_PROVISION?.trim().toLowerCase();
  return {
    enabled: Boolean(crm.oauthClientId && crm.oauthClientSecret),
    baseUrl: crm.baseUrl,
    clientId: crm.oauthClientId,
    clientSecret: crm.oauthClientSecret,
    autoProvision: flag ? ["1", "true", "yes"].includes(flag) : crm.sandboxMode,
    defaultWorkspaceSlug: source.FRAPPE_DEFAULT_WORKSPACE?.trim() || null,
    roleMap: parseFrappeRoleMap(source.FRAPPE_ROLE_MAP),
  };
}
