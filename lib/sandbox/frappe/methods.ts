import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { normalizePhone, phoneDigits } from "@/lib/crm/phone";
import { route, sendJson, type Route } from "../http";
import { requireUser } from "./auth";
import { FakeFrappeError, frappeErrors } from "./errors";
import { type Doc, runList } from "./list-query";
import { methodArgs, parseMaybeJson } from "./method-args";
import type { FakeFrappeStore } from "./store";

/**
 * `/api/method/{dotted.path}` — the whitelisted methods our app calls (reference §7.2). Results are
 * wrapped in `{"message": …}`; a None result is `{}`.
 */
type Method = (args: Record<string, unknown>, user: string, req: IncomingMessage) => unknown;

export function methodRoutes(store: FakeFrappeStore, who: (req: IncomingMessage) => string): Route[] {
  const guest = new Set(["ping", "logout"]);
  const methods: Record<string, Method> = {
    ping: () => "pong",
    "frappe.auth.get_logged_user": (_a, user) => user,
    logout: () => undefined,
    "frappe.client.get_count": (a, user) => {
      const doctype = String(a.doctype ?? "");
      store.checkPermission(user, doctype, "read");
      return runList([...store.table(doctype).values()], store.meta(doctype), { filters: parseMaybeJson(a.filters), limit: "0" }).length;
    },
    "crm.api.activities.get_activities": (a, user) => getActivities(store, String(a.name ?? ""), user),
    "crm.integrations.api.get_contact_by_phone_number": (a, user) => contactByPhone(store, String(a.phone_number ?? ""), user),
    "crm.integrations.api.get_contact_lead_or_deal_from_number": (a, user) => {
      const r = contactByPhone(store, String(a.number ?? ""), user);
      if ("deal" in r) return [r.deal, "CRM Deal"];
      if ("lead" in r) return [r.lead, "CRM Lead"];
      return [null, null];
    },
    "crm.integrations.api.add_note_to_call_log": (a, user) => {
      const callSid = String(a.call_sid ?? "");
      store.checkPermission(user, "CRM Call Log", "write");
      const call = store.get("CRM Call Log", callSid);
      const note = (parseMaybeJson(a.note) ?? {}) as Doc;
      const doc = note.name
        ? store.update("FCRM Note", String(note.name), { title: note.title, content: note.content }, user)
        : store.insert("FCRM Note", { title: note.title ?? "Call Note", content: note.content ?? "" }, user);
      const links = [...((call.links as Doc[]) ?? [])];
      if (!links.some((l) => l.link_name === doc.name)) {
        links.push({ link_doctype: "FCRM Note", link_name: doc.name });
        store.update("CRM Call Log", callSid, { links, note: call.note || doc.name }, user);
      }
      return doc;
    },
    "crm.api.whatsapp.is_whatsapp_enabled": () => false,
    "crm.api.whatsapp.is_whatsapp_installed": () => false,
    "crm.integrations.api.is_call_integration_enabled": () => ({ integrations: { twilio: false, exotel: false }, default_calling_medium: "" }),
  };

  const handler = (path: string) => async (ctx: Parameters<Route["handler"]>[0]) => {
    const name = path;
    const fn = methods[name];
    if (!fn) throw new FakeFrappeError(404, "DoesNotExistError", `Failed to get method for command ${name} with No module named '${name.split(".")[0]}'`);
    const user = who(ctx.req);
    if (!guest.has(name)) requireUser(user);
    const args = await methodArgs(ctx);
    const result = fn(args, user, ctx.req);
    sendJson(ctx.res, 200, result === undefined ? {} : { message: result });
  };

  return [
    route("POST", "/api/method/login", async (ctx) => {
      const args = await methodArgs(ctx);
      const user = store.users.get(String(args.usr ?? ""));
      if (!user || !user.enabled || user.password !== String(args.pwd ?? "")) {
        throw new FakeFrappeError(401, "AuthenticationError", "Invalid login credentials", "Not Permitted");
      }
      const sid = randomBytes(20).toString("hex");
      store.sessions.set(sid, user.email);
      const fullName = [user.first_name, user.last_name].filter(Boolean).join(" ");
      const cookies = [`sid=${sid}; Path=/; HttpOnly; SameSite=Lax`, `system_user=yes; Path=/; SameSite=Lax`, `full_name=${encodeURIComponent(fullName)}; Path=/; SameSite=Lax`, `user_id=${encodeURIComponent(user.email)}; Path=/; SameSite=Lax`];
      const redirectTo = typeof args["redirect-to"] === "string" ? args["redirect-to"] : null;
      if (redirectTo && !String(ctx.req.headers["content-type"] ?? "").includes("json")) {
        // No-JS form post from the fake /login page: go where the user was headed.
        ctx.res.writeHead(303, { location: safeRedirect(redirectTo), "set-cookie": cookies });
        ctx.res.end();
        return;
      }
      const text = JSON.stringify({ message: "Logged In", home_page: "/app", full_name: fullName });
      ctx.res.writeHead(200, { "content-type": "application/json", "set-cookie": cookies });
      ctx.res.end(text);
    }),
    route("GET", "/api/method/:method", (ctx) => handler(ctx.params.method!)(ctx)),
    route("POST", "/api/method/:method", (ctx) => handler(ctx.params.method!)(ctx)),
  ];
}

export function safeRedirect(target: string): string {
  return target.startsWith("/") && !target.startsWith("//") ? target : "/app";
}

/** crm.integrations.api.get_contact_by_phone_number, as CRM does it (reference §4.2). */
function contactByPhone(store: FakeFrappeStore, number: string, user: string): Record<string, unknown> {
  store.checkPermission(user, "CRM Lead", "read");
  const e164 = normalizePhone(number, "IN");
  const digits = phoneDigits(number);
  if (!digits) return { mobile_no: number };
  // 1. Contact Phone rows LIKE %digits% (digits of the input, stored text as is).
  for (const c of store.table("Contact").values()) {
    const rows = (c.phone_nos as Doc[]) ?? [];
    if (!rows.some((r) => String(r.phone ?? "").includes(digits) || (e164 && normalizePhone(String(r.phone ?? ""), "IN") === e164))) continue;
    const deal = [...store.table("CRM Deal").values()].find((d) => ((d.contacts as Doc[]) ?? []).some((r) => r.contact === c.name && r.is_primary));
    const base = { name: c.name, full_name: c.full_name, image: c.image ?? null, mobile_no: c.mobile_no, matched_phone: rows[0]?.phone };
    if (deal) return { ...base, deal: deal.name };
    return base;
  }
  // 2. Non-converted leads by mobile_no only, newest first, exact E.164 comparison.
  const leads = [...store.table("CRM Lead").values()]
    .filter((l) => !l.converted && l.mobile_no)
    .sort((a, b) => String(b.modified).localeCompare(String(a.modified)));
  const lead = leads.find((l) => e164 !== null && normalizePhone(String(l.mobile_no), "IN") === e164);
  if (lead) return { name: lead.name, lead_name: lead.lead_name, image: lead.image ?? null, mobile_no: lead.mobile_no, lead: lead.name, full_name: lead.lead_name };
  return { mobile_no: number };
}

/** crm.api.activities.get_activities (reference §3.10). */
function getActivities(store: FakeFrappeStore, name: string, user: string): unknown {
  const isLead = store.table("CRM Lead").has(name);
  const isDeal = store.table("CRM Deal").has(name);
  if (!isLead && !isDeal) throw frappeErrors.notFound("CRM Lead", name);
  const doctype = isLead ? "CRM Lead" : "CRM Deal";
  store.checkPermission(user, doctype, "read");
  const doc = store.get(doctype, name);
  const names = [name];
  if (isDeal && doc.lead) names.push(String(doc.lead));

  const activities: Doc[] = [
    { activity_type: "creation", creation: doc.creation, owner: doc.owner, data: isLead ? "created this lead" : "converted the lead to this deal", is_lead: isLead },
  ];
  for (const v of store.versions.filter((v) => names.includes(v.docname))) {
    const type = v.old_value === null || v.old_value === "" ? "added" : v.value === null || v.value === "" ? "removed" : "changed";
    activities.push({ activity_type: type, creation: v.creation, owner: v.owner, data: { field: v.field, field_label: v.field, value: v.value, old_value: v.old_value }, is_lead: v.doctype === "CRM Lead", options: "" });
  }
  activities.sort((a, b) => String(a.creation).localeCompare(String(b.creation)));

  const callLogs = [...store.table("CRM Call Log").values()];
  const calls: Doc[] = [];
  const linkedNotes: string[] = [];
  const linkedTasks: string[] = [];
  for (const c of callLogs) {
    if (names.includes(String(c.reference_docname ?? ""))) calls.push(parseCall(store, c));
    const links = (c.links as Doc[]) ?? [];
    // get_linked_calls joins every non-note/task link row: a call linked twice shows twice (§3.10).
    const own = links.filter((l) => l.link_doctype !== "FCRM Note" && l.link_doctype !== "CRM Task");
    if (own.some((l) => names.includes(String(l.link_name)))) for (let i = 0; i < own.length; i++) calls.push(parseCall(store, c));
    if (names.includes(String(c.reference_docname ?? "")) || own.some((l) => names.includes(String(l.link_name)))) {
      for (const l of links) {
        if (l.link_doctype === "FCRM Note") linkedNotes.push(String(l.link_name));
        if (l.link_doctype === "CRM Task") linkedTasks.push(String(l.link_name));
      }
    }
  }
  const notes = [...store.table("FCRM Note").values()]
    .filter((n) => names.includes(String(n.reference_docname ?? "")) || linkedNotes.includes(String(n.name)))
    .map((n) => ({ name: n.name, title: n.title, content: n.content ?? "", owner: n.owner, modified: n.modified, creation: n.creation }));
  const tasks = [...store.table("CRM Task").values()]
    .filter((t) => names.includes(String(t.reference_docname ?? "")) || linkedTasks.includes(String(t.name)))
    .map((t) => ({ name: Number(t.name), title: t.title, description: t.description ?? "", assigned_to: t.assigned_to ?? null, due_date: t.due_date ?? null, priority: t.priority, status: t.status, modified: t.modified, creation: t.creation }));
  return [activities, calls, notes, tasks, []];
}

function parseCall(store: FakeFrappeStore, c: Doc): Doc {
  const label = (u: unknown) => {
    const user = typeof u === "string" ? store.users.get(u) : undefined;
    return user ? { label: [user.first_name, user.last_name].filter(Boolean).join(" "), image: null } : { label: u ?? "Unknown", image: null };
  };
  const d = Number(c.duration ?? 0);
  return {
    name: c.name,
    caller: c.caller ?? null,
    receiver: c.receiver ?? null,
    from: c.from,
    to: c.to,
    duration: d,
    start_time: c.start_time ?? null,
    end_time: c.end_time ?? null,
    status: c.status,
    type: c.type,
    recording_url: c.recording_url ?? null,
    creation: c.creation,
    note: c.note ?? null,
    activity_type: c.type === "Incoming" ? "incoming_call" : "outgoing_call",
    _duration: d >= 60 ? `${Math.floor(d / 60)}m ${d % 60}s` : `${d}s`,
    _caller: c.type === "Incoming" ? { label: c.from, image: null } : label(c.caller),
    _receiver: c.type === "Incoming" ? label(c.receiver) : { label: c.to, image: null },
    show_recording: false,
  };
}
