import { type FakeFrappeError, frappeErrors } from "./errors";

/**
 * The slice of Frappe CRM's doctype metadata the fake enforces (reference §3, §7.2): mandatory
 * fields, Select options, Link targets, Dynamic Links, child tables, naming and who may write.
 */
export type Naming =
  | { kind: "series"; prefix: string } // CRM-LEAD-.YYYY.- → CRM-LEAD-2026-00001
  | { kind: "field"; field: string; fallbackHash?: number } // field:id (hash when empty)
  | { kind: "hash"; length: number }
  | { kind: "autoincrement" }
  | { kind: "full_name" };

export interface DoctypeMeta {
  name: string;
  naming: Naming;
  labels: Record<string, string>;
  reqd: string[];
  selects: Record<string, string[]>;
  links: Record<string, string>;
  /** Dynamic Link field → the field holding its doctype. */
  dynamicLinks: Record<string, string>;
  /** Table field → child doctype. */
  tables: Record<string, string>;
  defaults: Record<string, unknown>;
  readRoles: string[];
  writeRoles: string[];
}

const CRM_ROLES = ["System Manager", "Sales Manager", "Sales User"];
const MANAGERS = ["System Manager", "Sales Manager"];

function meta(m: Partial<DoctypeMeta> & Pick<DoctypeMeta, "name" | "naming">): DoctypeMeta {
  return { labels: {}, reqd: [], selects: {}, links: {}, dynamicLinks: {}, tables: {}, defaults: {}, readRoles: CRM_ROLES, writeRoles: CRM_ROLES, ...m };
}

export const DOCTYPES: Record<string, DoctypeMeta> = {
  "CRM Lead": meta({
    name: "CRM Lead",
    naming: { kind: "series", prefix: "CRM-LEAD-" },
    labels: { first_name: "First Name", status: "Status", lead_owner: "Lead Owner", source: "Source", lost_reason: "Lost Reason" },
    reqd: ["first_name", "status"],
    links: { status: "CRM Lead Status", source: "CRM Lead Source", lead_owner: "User" },
    selects: { no_of_employees: ["", "1-10", "11-50", "51-200", "201-500", "501-1000", "1000+"] },
    tables: { status_change_log: "CRM Status Change Log", products: "CRM Products" },
    defaults: { converted: 0, communication_status: "Open", sla_status: "", naming_series: "CRM-LEAD-.YYYY.-" },
  }),
  "CRM Deal": meta({
    name: "CRM Deal",
    naming: { kind: "series", prefix: "CRM-DEAL-" },
    labels: { status: "Status", deal_owner: "Deal Owner" },
    reqd: ["status"],
    links: { status: "CRM Deal Status", deal_owner: "User", lead: "CRM Lead", contact: "Contact" },
    tables: { contacts: "CRM Contacts", status_change_log: "CRM Status Change Log", products: "CRM Products" },
    defaults: { status: "Qualification", communication_status: "Open", naming_series: "CRM-DEAL-.YYYY.-" },
  }),
  Contact: meta({
    name: "Contact",
    naming: { kind: "full_name" },
    labels: { first_name: "First Name" },
    selects: { status: ["Passive", "Open", "Replied"] },
    tables: { phone_nos: "Contact Phone", email_ids: "Contact Email", links: "Dynamic Link" },
    defaults: { status: "Passive" },
  }),
  "CRM Call Log": meta({
    name: "CRM Call Log",
    naming: { kind: "field", field: "id", fallbackHash: 12 },
    labels: { from: "From", to: "To", type: "Type", status: "Status", caller: "Caller", receiver: "Call Received By", reference_docname: "Reference Name", telephony_medium: "Telephony Medium" },
    reqd: ["from", "to", "type", "status"],
    selects: {
      type: ["Incoming", "Outgoing"],
      status: ["Initiated", "Ringing", "In Progress", "Completed", "Failed", "Busy", "No Answer", "Queued", "Canceled"],
      telephony_medium: ["", "Manual", "Twilio", "Exotel"],
    },
    links: { caller: "User", receiver: "User", note: "FCRM Note" },
    dynamicLinks: { reference_docname: "reference_doctype" },
    tables: { links: "Dynamic Link" },
    defaults: { reference_doctype: "CRM Lead", duration: 0 },
  }),
  "FCRM Note": meta({
    name: "FCRM Note",
    naming: { kind: "hash", length: 10 },
    labels: { title: "Title", reference_docname: "Reference Doc" },
    reqd: ["title"],
    dynamicLinks: { reference_docname: "reference_doctype" },
    defaults: { reference_doctype: "CRM Lead" },
  }),
  "CRM Task": meta({
    name: "CRM Task",
    naming: { kind: "autoincrement" },
    labels: { title: "Title", assigned_to: "Assigned To", priority: "Priority", status: "Status" },
    reqd: ["title"],
    selects: { priority: ["Low", "Medium", "High"], status: ["Backlog", "Todo", "In Progress", "Done", "Canceled"] },
    links: { assigned_to: "User" },
    dynamicLinks: { reference_docname: "reference_doctype" },
    defaults: { priority: "Medium", status: "Backlog", reference_doctype: "CRM Lead" },
  }),
  "CRM Lead Source": meta({
    name: "CRM Lead Source",
    naming: { kind: "field", field: "source_name" },
    labels: { source_name: "Source Name" },
    reqd: ["source_name"],
    writeRoles: MANAGERS,
  }),
  "CRM Lead Status": meta({
    name: "CRM Lead Status",
    naming: { kind: "field", field: "lead_status" },
    reqd: ["lead_status"],
    selects: { type: ["Open", "Ongoing", "On Hold", "Won", "Lost"] },
    writeRoles: MANAGERS,
  }),
  "CRM Deal Status": meta({
    name: "CRM Deal Status",
    naming: { kind: "field", field: "deal_status" },
    reqd: ["deal_status"],
    writeRoles: MANAGERS,
  }),
  User: meta({
    name: "User",
    naming: { kind: "field", field: "email" },
    reqd: ["email", "first_name"],
    readRoles: CRM_ROLES,
    writeRoles: ["System Manager"],
  }),
};

export function labelOf(m: DoctypeMeta, field: string): string {
  return m.labels[field] ?? field.replace(/_/g, " ").replace(/\b\w/g, (c) => c.toUpperCase());
}

/** Frappe's email check (frappe.utils.validate_email_address, simplified). */
export function isEmail(v: string): boolean {
  return /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(v);
}

export type Thrower = (err: FakeFrappeError) => never;
export { frappeErrors };
