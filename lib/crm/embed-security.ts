import { crmConfig } from "./config";

/**
 * Who may frame the /embed views: the configured Frappe CRM origin only (FRAPPE_URL's origin, or
 * the fake's in sandbox mode). Read at request time (proxy.ts), not at build time: next.config
 * headers are frozen into the build, and the Frappe URL is deployment configuration.
 * FRAPPE_EMBED_ORIGINS (space-separated origins) overrides it when Frappe's public URL differs
 * from the URL the server calls (e.g. an internal Docker hostname).
 */
export function embedFrameAncestors(source: Record<string, string | undefined> = process.env): string[] {
  const override = source.FRAPPE_EMBED_ORIGINS?.trim();
  const list = override ? override.split(/\s+/) : [crmConfig().baseUrl];
  const out: string[] = [];
  for (const item of list) {
    try {
      out.push(new URL(item).origin);
    } catch {
      // An invalid entry is skipped: it must never widen the policy.
    }
  }
  return [...new Set(out)];
}
