import { FakeFrappeError } from "./errors";
import type { DoctypeMeta } from "./doctypes";

/**
 * Frappe's get_list parameters as the REST API takes them (reference §1.2): `fields`, `filters`
 * and `or_filters` as JSON (list of [field, op, value], [doctype, field, op, value] for child
 * tables, or a dict), `order_by`, `limit_page_length`/`limit` (default 20, 0 = all),
 * `limit_start`. LIKE is case-insensitive, as with MariaDB's default collation.
 */
export type Doc = Record<string, unknown>;

export interface Condition {
  childDoctype?: string;
  field: string;
  op: string;
  value: unknown;
}

const OPS = new Set(["=", "!=", "<", ">", "<=", ">=", "like", "not like", "in", "not in", "is", "between"]);

export function parseConditions(raw: unknown, doctype: string): Condition[] {
  if (raw === undefined || raw === null || raw === "") return [];
  let value = raw;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      throw new FakeFrappeError(417, "ValidationError", "Filters must be valid JSON");
    }
  }
  if (Array.isArray(value)) {
    return value.map((f) => {
      if (!Array.isArray(f)) throw new FakeFrappeError(417, "ValidationError", "Invalid filter");
      if (f.length === 4) return cond(f[0] === doctype ? undefined : String(f[0]), String(f[1]), f[2], f[3]);
      if (f.length === 3) return cond(undefined, String(f[0]), f[1], f[2]);
      if (f.length === 2) return cond(undefined, String(f[0]), "=", f[1]);
      throw new FakeFrappeError(417, "ValidationError", "Invalid filter");
    });
  }
  if (value && typeof value === "object") {
    return Object.entries(value as Record<string, unknown>).map(([field, v]) =>
      Array.isArray(v) && v.length === 2 && typeof v[0] === "string" && OPS.has(v[0].toLowerCase()) ? cond(undefined, field, v[0], v[1]) : cond(undefined, field, "=", v),
    );
  }
  throw new FakeFrappeError(417, "ValidationError", "Invalid filters");
}

function cond(childDoctype: string | undefined, field: string, op: unknown, value: unknown): Condition {
  const o = String(op).toLowerCase();
  if (!OPS.has(o)) throw new FakeFrappeError(417, "ValidationError", `Operator must be one of ${[...OPS].join(", ")}`);
  return { childDoctype, field, op: o, value };
}

function likeRegex(pattern: string): RegExp {
  const body = pattern
    .split("")
    .map((c) => (c === "%" ? ".*" : c === "_" ? "." : c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`, "is");
}

function str(v: unknown): string {
  return v === null || v === undefined ? "" : String(v);
}

function cmp(a: unknown, b: unknown): number {
  const na = Number(a);
  const nb = Number(b);
  if (a !== "" && b !== "" && Number.isFinite(na) && Number.isFinite(nb) && typeof a !== "boolean") return na - nb;
  return str(a) < str(b) ? -1 : str(a) > str(b) ? 1 : 0;
}

export function testValue(actual: unknown, op: string, value: unknown): boolean {
  switch (op) {
    case "=":
      return str(actual) === str(value);
    case "!=":
      return str(actual) !== str(value);
    case "like":
      return likeRegex(str(value)).test(str(actual));
    case "not like":
      return !likeRegex(str(value)).test(str(actual));
    case "in":
    case "not in": {
      const list = Array.isArray(value) ? value : str(value).split(",").map((s) => s.trim());
      const hit = list.some((v) => str(v) === str(actual));
      return op === "in" ? hit : !hit;
    }
    case "is":
      return str(value) === "set" ? str(actual) !== "" : str(actual) === "";
    case "between": {
      const [lo, hi] = Array.isArray(value) ? value : [];
      return cmp(actual, lo) >= 0 && cmp(actual, hi) <= 0;
    }
    case "<":
      return cmp(actual, value) < 0;
    case ">":
      return cmp(actual, value) > 0;
    case "<=":
      return cmp(actual, value) <= 0;
    case ">=":
      return cmp(actual, value) >= 0;
    default:
      return false;
  }
}

export function matches(doc: Doc, c: Condition, m: DoctypeMeta): boolean {
  if (c.childDoctype) {
    const table = Object.entries(m.tables).find(([, child]) => child === c.childDoctype)?.[0];
    if (!table) throw new FakeFrappeError(417, "ValidationError", `${c.childDoctype} is not a child table of ${m.name}`);
    const rows = (doc[table] as Doc[] | undefined) ?? [];
    return rows.some((r) => testValue(r[c.field], c.op, c.value));
  }
  return testValue(doc[c.field], c.op, c.value);
}

export interface ListParams {
  fields?: unknown;
  filters?: unknown;
  or_filters?: unknown;
  order_by?: string | null;
  limit?: string | null;
  limit_page_length?: string | null;
  limit_start?: string | null;
}

export function runList(docs: Doc[], m: DoctypeMeta, p: ListParams): Doc[] {
  const and = parseConditions(p.filters, m.name);
  const or = parseConditions(p.or_filters, m.name);
  let rows = docs.filter((d) => and.every((c) => matches(d, c, m)) && (or.length === 0 || or.some((c) => matches(d, c, m))));
  rows = sortRows(rows, p.order_by ?? "modified desc");
  const start = Number(p.limit_start ?? 0) || 0;
  const lim = p.limit_page_length ?? p.limit;
  const limit = lim === undefined || lim === null || lim === "" ? 20 : Number(lim);
  rows = limit > 0 ? rows.slice(start, start + limit) : rows.slice(start);
  const fields = parseFields(p.fields);
  return rows.map((d) => pick(d, fields, m));
}

function parseFields(raw: unknown): string[] {
  if (raw === undefined || raw === null || raw === "") return ["name"];
  const v = typeof raw === "string" ? (() => { try { return JSON.parse(raw); } catch { return raw.split(","); } })() : raw;
  if (!Array.isArray(v)) throw new FakeFrappeError(417, "ValidationError", "fields must be a list");
  return v.map((f) => String(f).trim().replace(/`/g, "").replace(/^tab[^.]+\./, ""));
}

function pick(doc: Doc, fields: string[], m: DoctypeMeta): Doc {
  const out: Doc = {};
  for (const f of fields) {
    if (f === "*") {
      for (const [k, v] of Object.entries(doc)) if (!(k in m.tables)) out[k] = v;
    } else {
      const [source, alias] = f.split(/\s+as\s+/i) as [string, string | undefined];
      out[alias ?? source] = doc[source] ?? null;
    }
  }
  return out;
}

function sortRows(rows: Doc[], orderBy: string): Doc[] {
  const keys = orderBy
    .split(",")
    .map((s) => s.trim().replace(/`/g, "").replace(/^tab[^.]+\./, ""))
    .filter(Boolean)
    .map((s) => {
      const [field, dir] = s.split(/\s+/);
      return { field: field!, desc: (dir ?? "asc").toLowerCase() === "desc" };
    });
  return [...rows].sort((a, b) => {
    for (const k of keys) {
      const c = cmp(a[k.field], b[k.field]);
      if (c !== 0) return k.desc ? -c : c;
    }
    return 0;
  });
}
