import { route, type Route } from "../http";
import { resolveUser } from "./auth";
import { html } from "./oauth";
import type { FakeFrappeStore } from "./store";

/**
 * A small stand-in for the Frappe CRM lead page (`/crm/leads/<name>`, and desk's
 * `/app/crm-lead/<name>`): the lead's key fields and a "WhatsApp" panel that iframes
 * `${APP_URL}/embed/lead/<name>`, as the CRM Form Script described in the README would open it.
 * The fake is on another origin than the app, so this exercises frame-ancestors and cross-site
 * cookies for real.
 */
export function pageRoutes(store: FakeFrappeStore): Route[] {
  const leadPage = (name: string, req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => {
    let user = "Guest";
    try {
      user = resolveUser(req, store);
    } catch {
      user = "Guest";
    }
    const lead = store.table("CRM Lead").get(name) ?? store.table("CRM Deal").get(name);
    if (!lead) return html(res, `<h1>Not found</h1><p>${esc(name)} does not exist.</p>`, 404);
    const kind = store.table("CRM Lead").has(name) ? "lead" : "deal";
    const src = `${store.options.appUrl.replace(/\/+$/, "")}/embed/${kind}/${encodeURIComponent(name)}`;
    const rows = ["lead_name", "organization", "mobile_no", "phone", "email", "status", "lead_owner", "deal_owner"]
      .filter((f) => lead[f])
      .map((f) => `<tr><th style="text-align:left;padding-right:1rem">${esc(f)}</th><td data-field="${esc(f)}">${esc(String(lead[f]))}</td></tr>`)
      .join("");
    html(
      res,
      `<header><b>Frappe CRM</b> (sandbox) · signed in as ${esc(user)}</header>
<h1 id="title">${esc(String(lead.lead_name ?? lead.organization ?? name))} <small>${esc(name)}</small></h1>
<table>${rows}</table>
<h2>WhatsApp</h2>
<iframe id="whatsapp-embed" title="WhatsApp" src="${esc(src)}" style="width:100%;height:640px;border:1px solid #ddd" allow="microphone; autoplay"></iframe>`,
    );
  };
  return [
    route("GET", "/app/crm-lead/:name", (ctx) => leadPage(ctx.params.name!, ctx.req, ctx.res)),
    route("GET", "/crm/leads/:name", (ctx) => leadPage(ctx.params.name!, ctx.req, ctx.res)),
    route("GET", "/app/crm-deal/:name", (ctx) => leadPage(ctx.params.name!, ctx.req, ctx.res)),
    route("GET", "/crm/deals/:name", (ctx) => leadPage(ctx.params.name!, ctx.req, ctx.res)),
    route("GET", "/app", (ctx) => html(ctx.res, `<h1>Frappe CRM (sandbox)</h1><ul>${[...store.table("CRM Lead").values()].map((l) => `<li><a href="/app/crm-lead/${encodeURIComponent(String(l.name))}">${esc(String(l.lead_name))}</a></li>`).join("")}</ul>`)),
  ];
}

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
