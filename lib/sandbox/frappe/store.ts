import { randomBytes } from "node:crypto";
import { FRAPPE_SANDBOX_DEFAULTS } from "@/lib/crm/config";
import { toFrappeDatetime } from "@/lib/crm/frappe-datetime";
import { DOCTYPES, type DoctypeMeta, isEmail, labelOf } from "./doctypes";
import { FakeFrappeError, frappeErrors } from "./errors";
import type { Doc } from "./list-query";

/**
 * In-memory state of the fake Frappe CRM: documents per doctype with Frappe's insert/save
 * behaviour (defaults, naming, mandatory/Select/Link checks, duplicate names, standard fields,
 * Version-style change tracking for the activity feed), users with API keys, passwords and roles,
 * OAuth clients/codes/tokens, sessions, and the test knobs (faults, down, latency, token TTL).
 */
export interface FakeUser {
  email: string;
  first_name: string;
  last_name?: string;
  roles: string[];
  password: string;
  apiKey?: string;
  apiSecret?: string;
  /** OIDC `sub`: a random 39-char hash, null for Administrator (reference §2.4). */
  sub: string | null;
  enabled: boolean;
}

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  appName: string;
  redirectUris: string[];
  scopes: string[];
  skipAuthorization: boolean;
}

export interface Fault {
  status: number;
  remaining: number;
  retryAfterSec?: number;
  pathIncludes?: string;
  method?: string;
  /** Process the request (commit) and then answer with `status`: a timeout after the write. */
  afterCommit?: boolean;
}

export interface FakeFrappeOptions {
  /** Public base URL of the fake (issuer, links). Set by startFakeFrappe when listening. */
  publicUrl: string;
  /** The app's URL, for the fake CRM page that iframes /embed/lead/<name>. */
  appUrl: string;
  timeZone: string;
  webhookUrl: string | null;
  webhookSecret: string;
  /** Delays between the 3 webhook attempts (Frappe: 1 s, then 4 s). */
  webhookRetryDelaysMs: number[];
  tokenTtlSec: number;
  skipAuthorization: boolean;
  oauthRedirectUris: string[];
  latencyMs: number;
}

export function defaultFakeFrappeOptions(overrides: Partial<FakeFrappeOptions> = {}): FakeFrappeOptions {
  return {
    publicUrl: "http://127.0.0.1:4200",
    appUrl: "http://localhost:3000",
    timeZone: "Asia/Kolkata",
    webhookUrl: null,
    webhookSecret: FRAPPE_SANDBOX_DEFAULTS.webhookSecret,
    webhookRetryDelaysMs: [1000, 4000],
    tokenTtlSec: 3600,
    skipAuthorization: false,
    oauthRedirectUris: ["http://localhost:3000/api/auth/callback/frappe", "http://127.0.0.1:3000/api/auth/callback/frappe"],
    latencyMs: 0,
    ...overrides,
  };
}

export interface VersionEntry {
  doctype: string;
  docname: string;
  owner: string;
  creation: string;
  field: string;
  old_value: unknown;
  value: unknown;
}

export type DocChange = { doctype: string; event: "after_insert" | "on_update" | "on_trash"; doc: Doc; changed: string[] };

const TRACKED = new Set(["CRM Lead", "CRM Deal"]);
const SKIP_TRACK = new Set(["modified", "modified_by", "status_change_log", "sla_status", "converted", "lead_name", "idx"]);

export class FakeFrappeStore {
  options: FakeFrappeOptions;
  readonly initialOptions: FakeFrappeOptions;
  docs = new Map<string, Map<string, Doc>>();
  users = new Map<string, FakeUser>();
  clients = new Map<string, OAuthClient>();
  sessions = new Map<string, string>();
  codes = new Map<string, { clientId: string; redirectUri: string; user: string; scope: string; challenge?: string; method?: string; nonce?: string; used: boolean }>();
  accessTokens = new Map<string, { user: string; clientId: string; scope: string; expiresAt: number; revoked: boolean }>();
  refreshTokens = new Map<string, { user: string; clientId: string; scope: string; revoked: boolean }>();
  versions: VersionEntry[] = [];
  faults: Fault[] = [];
  down: false | "503" | "refuse" = false;
  counters = new Map<string, number>();
  requestLog: { method: string; path: string; status: number; user: string }[] = [];
  listeners: ((c: DocChange) => void)[] = [];
  private tick = 0;

  constructor(options: FakeFrappeOptions) {
    this.options = { ...options };
    this.initialOptions = { ...options };
    this.seed();
  }

  reset(): void {
    this.options = { ...this.initialOptions, publicUrl: this.options.publicUrl };
    this.docs.clear();
    this.users.clear();
    this.clients.clear();
    this.sessions.clear();
    this.codes.clear();
    this.accessTokens.clear();
    this.refreshTokens.clear();
    this.versions = [];
    this.faults = [];
    this.down = false;
    this.counters.clear();
    this.requestLog = [];
    this.seed();
  }

  /** "YYYY-MM-DD HH:MM:SS.ffffff" in site time, strictly increasing (so `modified desc` is stable). */
  now(): string {
    const d = new Date();
    const micro = String(d.getMilliseconds() * 1000 + (this.tick++ % 1000)).padStart(6, "0");
    return `${toFrappeDatetime(d, this.options.timeZone)}.${micro}`;
  }

  table(doctype: string): Map<string, Doc> {
    let t = this.docs.get(doctype);
    if (!t) this.docs.set(doctype, (t = new Map()));
    return t;
  }

  meta(doctype: string): DoctypeMeta {
    const m = DOCTYPES[doctype];
    if (!m) throw new FakeFrappeError(404, "DoesNotExistError", `DocType ${doctype} not found`);
    return m;
  }

  rolesOf(user: string): string[] {
    if (user === "Administrator") return ["Administrator", "System Manager"];
    return this.users.get(user)?.roles ?? [];
  }

  can(user: string, doctype: string, perm: "read" | "write"): boolean {
    const m = this.meta(doctype);
    const roles = this.rolesOf(user);
    if (roles.includes("Administrator")) return true;
    const allowed = perm === "read" ? [...m.readRoles, ...m.writeRoles] : m.writeRoles;
    return roles.some((r) => allowed.includes(r));
  }

  checkPermission(user: string, doctype: string, perm: "read" | "write"): void {
    if (!this.can(user, doctype, perm)) {
      throw frappeErrors.notPermitted(`No permission for ${doctype}`);
    }
  }

  get(doctype: string, name: string): Doc {
    this.meta(doctype);
    const doc = this.table(doctype).get(name);
    if (!doc) throw frappeErrors.notFound(doctype, name);
    return doc;
  }

  exists(doctype: string, name: unknown): boolean {
    if (doctype === "User" && (name === "Administrator" || name === "Guest")) return true;
    return typeof name === "string" || typeof name === "number" ? this.table(doctype).has(String(name)) : false;
  }

  insert(doctype: string, body: Doc, user: string, opts: { silent?: boolean } = {}): Doc {
    const m = this.meta(doctype);
    const doc: Doc = { ...m.defaults };
    for (const [k, v] of Object.entries(body)) {
      if (k === "doctype" || k === "flags" || k === "docstatus") continue;
      doc[k] = v;
    }
    this.beforeValidate(m, doc, true);
    this.validate(m, doc);
    const name = this.makeName(m, doc);
    if (this.table(doctype).has(name)) throw frappeErrors.duplicate(doctype, name);
    const ts = this.now();
    Object.assign(doc, { name, owner: user, creation: ts, modified: ts, modified_by: user, docstatus: 0, idx: 0, doctype });
    this.fillChildren(m, doc, name, ts, user);
    this.table(doctype).set(name, doc);
    if (!opts.silent) this.emit({ doctype, event: "after_insert", doc, changed: Object.keys(body) });
    return doc;
  }

  update(doctype: string, name: string, body: Doc, user: string): Doc {
    const m = this.meta(doctype);
    const existing = this.get(doctype, name);
    const doc: Doc = { ...existing };
    for (const [k, v] of Object.entries(body)) {
      if (["doctype", "flags", "name", "owner", "creation", "modified", "modified_by", "docstatus"].includes(k)) continue;
      doc[k] = v;
    }
    this.beforeValidate(m, doc, false);
    this.validate(m, doc);
    const ts = this.now();
    doc.modified = ts;
    doc.modified_by = user;
    this.fillChildren(m, doc, name, ts, user);
    const changed = Object.keys(body).filter((k) => !SKIP_TRACK.has(k) && JSON.stringify(existing[k] ?? null) !== JSON.stringify(doc[k] ?? null));
    if (TRACKED.has(doctype)) {
      for (const field of changed) {
        if (field in m.tables) continue;
        this.versions.push({ doctype, docname: name, owner: user, creation: ts, field, old_value: existing[field] ?? null, value: doc[field] ?? null });
      }
      if (changed.includes("status") && doctype === "CRM Lead") {
        const log = [...((existing.status_change_log as Doc[]) ?? [])];
        log.push({ from: existing.status, to: doc.status, from_date: existing.modified, to_date: ts, parent: name, parentfield: "status_change_log", parenttype: doctype, doctype: "CRM Status Change Log", idx: log.length + 1 });
        doc.status_change_log = log;
      }
    }
    this.table(doctype).set(name, doc);
    if (changed.length > 0) this.emit({ doctype, event: "on_update", doc, changed });
    return doc;
  }

  delete(doctype: string, name: string): void {
    const doc = this.get(doctype, name);
    this.table(doctype).delete(name);
    this.emit({ doctype, event: "on_trash", doc, changed: [] });
  }

  private emit(change: DocChange): void {
    for (const l of this.listeners) l(change);
  }

  /** Controller logic that runs before validation (CRM's crm_lead.py, Contact, call log). */
  private beforeValidate(m: DoctypeMeta, doc: Doc, isNew: boolean): void {
    if (m.name === "CRM Lead") {
      if (isNew && !doc.status) {
        const statuses = [...this.table("CRM Lead Status").values()].sort((a, b) => Number(a.position) - Number(b.position));
        doc.status = statuses.find((s) => s.type === "Open")?.name ?? "New";
      }
      if (!doc.first_name) {
        // CRM falls back to organisation, then the email's local part, else refuses.
        const fallback = doc.organization || (typeof doc.email === "string" && doc.email ? doc.email.split("@")[0] : "");
        if (!fallback) throw frappeErrors.validation("A Lead requires either a person's name or an organization's name");
        doc.first_name = fallback;
      }
      doc.lead_name = [doc.salutation, doc.first_name, doc.middle_name, doc.last_name].filter(Boolean).join(" ");
    }
    if (m.name === "CRM Call Log" && !doc.telephony_medium) doc.telephony_medium = "Manual";
    if (m.name === "Contact") {
      const rows = (doc.phone_nos as Doc[] | undefined) ?? [];
      doc.full_name = [doc.first_name, doc.middle_name, doc.last_name].filter(Boolean).join(" ");
      doc.phone = rows.find((r) => r.is_primary_phone)?.phone ?? "";
      doc.mobile_no = rows.find((r) => r.is_primary_mobile_no)?.phone ?? "";
      const emails = (doc.email_ids as Doc[] | undefined) ?? [];
      doc.email_id = emails.find((r) => r.is_primary)?.email_id ?? "";
    }
  }

  private validate(m: DoctypeMeta, doc: Doc): void {
    for (const f of m.reqd) {
      const v = doc[f];
      if (v === undefined || v === null || v === "") throw frappeErrors.mandatory(m.name, labelOf(m, f));
    }
    for (const [f, options] of Object.entries(m.selects)) {
      const v = doc[f];
      if (v !== undefined && v !== null && v !== "" && !options.includes(String(v))) throw frappeErrors.select(labelOf(m, f), v, options.filter(Boolean));
    }
    for (const [f, target] of Object.entries(m.links)) {
      const v = doc[f];
      if (v !== undefined && v !== null && v !== "" && !this.exists(target, v)) throw frappeErrors.link(labelOf(m, f), v);
    }
    for (const [f, dtField] of Object.entries(m.dynamicLinks)) {
      const v = doc[f];
      if (v === undefined || v === null || v === "") continue;
      const target = String(doc[dtField] ?? "");
      if (!DOCTYPES[target] || !this.exists(target, v)) throw frappeErrors.link(labelOf(m, f), v);
    }
    if (m.name === "CRM Lead") {
      if (doc.email) {
        if (typeof doc.email !== "string" || !isEmail(doc.email)) throw frappeErrors.validation(`${String(doc.email)} is not a valid Email Address`);
        if (doc.email === doc.lead_owner) throw frappeErrors.validation("Lead Owner cannot be same as the Lead Email Address");
      }
      for (const f of ["mobile_no", "phone"]) {
        const v = doc[f];
        // Frappe's Phone option rejects letters and most punctuation.
        if (typeof v === "string" && v && !/^[+\d\s\-().]+$/.test(v)) throw frappeErrors.validation(`${v} is not a valid Phone Number`);
      }
      const status = this.table("CRM Lead Status").get(String(doc.status));
      if (status?.type === "Lost" && !doc.lost_reason) throw frappeErrors.mandatory("CRM Lead", "Lost Reason");
    }
  }

  private makeName(m: DoctypeMeta, doc: Doc): string {
    switch (m.naming.kind) {
      case "series": {
        const year = toFrappeDatetime(new Date(), this.options.timeZone).slice(0, 4);
        const key = `${m.naming.prefix}${year}-`;
        const n = (this.counters.get(key) ?? 0) + 1;
        this.counters.set(key, n);
        return `${key}${String(n).padStart(5, "0")}`;
      }
      case "field": {
        const v = doc[m.naming.field];
        if (v === undefined || v === null || v === "") {
          if (m.naming.fallbackHash) {
            const h = randomBytes(8).toString("hex").slice(0, m.naming.fallbackHash);
            doc[m.naming.field] = h;
            return h;
          }
          throw frappeErrors.mandatory(m.name, labelOf(m, m.naming.field));
        }
        return String(v);
      }
      case "hash":
        return randomBytes(8).toString("hex").slice(0, m.naming.length);
      case "autoincrement": {
        const n = (this.counters.get(m.name) ?? 0) + 1;
        this.counters.set(m.name, n);
        return String(n);
      }
      case "full_name": {
        const base = String(doc.full_name || doc.first_name || "Contact");
        let name = base;
        for (let i = 1; this.table(m.name).has(name); i++) name = `${base}-${i}`;
        return name;
      }
    }
  }

  private fillChildren(m: DoctypeMeta, doc: Doc, name: string, ts: string, user: string): void {
    for (const [field, child] of Object.entries(m.tables)) {
      const rows = Array.isArray(doc[field]) ? (doc[field] as Doc[]) : [];
      doc[field] = rows.map((r, i) => ({
        name: (r.name as string) ?? randomBytes(5).toString("hex"),
        owner: user,
        creation: (r.creation as string) ?? ts,
        modified: ts,
        modified_by: user,
        docstatus: 0,
        ...r,
        idx: i + 1,
        parent: name,
        parentfield: field,
        parenttype: m.name,
        doctype: child,
      }));
    }
  }

  /** The user for an API key/secret pair, or null. */
  userByApiKey(key: string, secret: string): string | null {
    for (const u of this.users.values()) if (u.enabled && u.apiKey === key && u.apiSecret === secret) return u.email;
    return null;
  }

  userByBearer(token: string): string | null {
    const t = this.accessTokens.get(token);
    if (!t || t.revoked || t.expiresAt <= Date.now()) return null;
    return t.user;
  }

  issueTokens(user: string, clientId: string, scope: string): { access: string; refresh: string; expiresIn: number } {
    const access = randomBytes(15).toString("hex");
    const refresh = randomBytes(15).toString("hex");
    const expiresIn = this.options.tokenTtlSec;
    this.accessTokens.set(access, { user, clientId, scope, expiresAt: Date.now() + expiresIn * 1000, revoked: false });
    this.refreshTokens.set(refresh, { user, clientId, scope, revoked: false });
    return { access, refresh, expiresIn };
  }

  /** Makes every access token (of one user, or all) expired now. */
  expireAccessTokens(user?: string): number {
    let n = 0;
    for (const t of this.accessTokens.values()) {
      if (!user || t.user === user) {
        t.expiresAt = 0;
        n++;
      }
    }
    return n;
  }

  private addUser(u: Omit<FakeUser, "sub" | "enabled"> & { sub?: string | null }): void {
    const sub = u.sub === undefined ? randomBytes(20).toString("hex").slice(0, 39) : u.sub;
    this.users.set(u.email, { ...u, sub, enabled: true });
    if (u.email !== "Administrator") {
      this.insert("User", { email: u.email, first_name: u.first_name, last_name: u.last_name ?? "", full_name: [u.first_name, u.last_name].filter(Boolean).join(" "), enabled: 1, user_type: "System User", roles: u.roles.map((role) => ({ role })) }, "Administrator", { silent: true });
    }
  }

  /** Reference §7.3 seed, plus leads whose numbers are written the ways sales teams write them. */
  private seed(): void {
    const d = FRAPPE_SANDBOX_DEFAULTS;
    this.addUser({ email: "Administrator", first_name: "Administrator", roles: ["Administrator", "System Manager"], password: "admin", sub: null });
    this.addUser({ email: d.integrationUser, first_name: "Integration", last_name: "Bot", roles: ["Sales Manager"], password: "integration", apiKey: d.apiKey, apiSecret: d.apiSecret });
    this.addUser({ email: "agent@example.com", first_name: "Asha", last_name: "Agent", roles: ["Sales User"], password: "agent" });
    this.addUser({ email: "agent2@example.com", first_name: "Ravi", last_name: "Kumar", roles: ["Sales User"], password: "agent2" });
    this.addUser({ email: "manager@example.com", first_name: "Meera", last_name: "Manager", roles: ["Sales Manager"], password: "manager" });
    this.addUser({ email: "admin@example.com", first_name: "Sys", last_name: "Admin", roles: ["System Manager"], password: "admin" });
    this.addUser({ email: "website@example.com", first_name: "Web", last_name: "Visitor", roles: ["Website User"], password: "website", apiKey: "website-key", apiSecret: "website-secret" });

    this.clients.set(d.oauthClientId, {
      clientId: d.oauthClientId,
      clientSecret: d.oauthClientSecret,
      appName: "WhatsApp Contact Centre",
      redirectUris: this.options.oauthRedirectUris,
      scopes: ["all", "openid"],
      skipAuthorization: this.options.skipAuthorization,
    });

    const A = "Administrator";
    const statuses: [string, string, string][] = [
      ["New", "Open", "gray"],
      ["Contacted", "Ongoing", "orange"],
      ["Nurture", "Ongoing", "blue"],
      ["Qualified", "Won", "green"],
      ["Converted", "Won", "teal"],
      ["Unqualified", "Lost", "red"],
      ["Junk", "Lost", "purple"],
    ];
    statuses.forEach(([lead_status, type, color], i) => this.insert("CRM Lead Status", { lead_status, type, color, position: i + 1 }, A, { silent: true }));
    // CRM's default lead sources (crm/install.py). There is no "WhatsApp": the app must create it.
    for (const source_name of ["Email", "Existing Customer", "Reference", "Advertisement", "Cold Calling", "Exhibition", "Supplier Reference", "Mass Mailing", "Customer's Vendor", "Campaign", "Walk In", "Facebook", "Website", "Web Form"]) {
      this.insert("CRM Lead Source", { source_name }, A, { silent: true });
    }
    ["Qualification", "Demo/Making", "Proposal/Quotation", "Negotiation", "Ready to Close", "Won", "Lost"].forEach((deal_status, i) =>
      this.insert("CRM Deal Status", { deal_status, position: i + 1 }, A, { silent: true }),
    );

    const lead = (b: Doc) => this.insert("CRM Lead", b, "manager@example.com", { silent: true });
    lead({ first_name: "Priya", last_name: "Sharma", mobile_no: "+91 98123 45678", email: "priya@example.com", source: "Website", lead_owner: "agent@example.com", organization: "Sharma Textiles" });
    lead({ first_name: "Rahul", last_name: "Verma", mobile_no: "09876543210", source: "Cold Calling", lead_owner: "agent@example.com" });
    lead({ first_name: "Anita", last_name: "Desai", mobile_no: "98450-12345", status: "Contacted", lead_owner: "agent2@example.com" });
    lead({ first_name: "Vikram", last_name: "Singh", mobile_no: "917012345678", organization: "Singh Motors" });
    // A landline in `phone` only (CRM's own lookup ignores `phone`; ours does not).
    lead({ first_name: "Kavita", last_name: "Iyer", phone: "+91-22-2345-6789", mobile_no: "", organization: "Iyer & Co" });

    // A converted lead with its deal and contact (phones live in Contact Phone rows).
    const converted = lead({ first_name: "Suresh", last_name: "Nair", mobile_no: "+919900112233", organization: "Nair Exports", lead_owner: "agent@example.com" });
    converted.converted = 1;
    converted.status = "Converted";
    const contact = this.insert(
      "Contact",
      {
        first_name: "Suresh",
        last_name: "Nair",
        email_ids: [{ email_id: "suresh@nairexports.example", is_primary: 1 }],
        phone_nos: [
          { phone: "+91 99001 12233", is_primary_mobile_no: 1, is_primary_phone: 0 },
          { phone: "080 4123 4567", is_primary_mobile_no: 0, is_primary_phone: 1 },
        ],
      },
      A,
      { silent: true },
    );
    this.insert(
      "CRM Deal",
      {
        organization: "Nair Exports",
        status: "Negotiation",
        deal_owner: "agent@example.com",
        lead: converted.name,
        lead_name: "Suresh Nair",
        mobile_no: "+91 99001 12233",
        contacts: [{ contact: contact.name, full_name: contact.full_name, mobile_no: "+91 99001 12233", is_primary: 1 }],
      },
      "manager@example.com",
      { silent: true },
    );
  }
}
