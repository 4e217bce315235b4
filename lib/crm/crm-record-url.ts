import type { TCrmReference } from "./crm.schema";

/** Deep link into the CRM SPA (`/crm/leads/<name>`, `/crm/deals/<name>`, reference §3). */
export function crmRecordUrl(baseUrl: string, ref: TCrmReference): string {
  const kind = ref.doctype === "CRM Deal" ? "deals" : "leads";
  return `${baseUrl.replace(/\/+$/, "")}/crm/${kind}/${encodeURIComponent(ref.name)}`;
}
