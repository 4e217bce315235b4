import type { TSimTemplate } from "../store";
import { GraphError, graphErrors } from "./errors";

/**
 * Validate a `POST /{phone-number-id}/messages` body the way Meta does (reference §2.3, §3.2, §9.1).
 * Pure: throws GraphError for a synchronous rejection, otherwise says what kind of request it is.
 */
export type TValidatedRequest =
  | { kind: "read"; messageId: string; typing: boolean }
  | { kind: "send"; type: string; to?: string; recipient?: string; contextId?: string; template?: TSimTemplate };

const MEDIA_TYPES = ["image", "audio", "video", "document", "sticker"] as const;
const FREE_TYPES = ["text", ...MEDIA_TYPES, "location", "contacts", "reaction", "interactive", "template"] as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === "string" && v.length > 0;

function need(cond: boolean, param: string): void {
  if (!cond) throw graphErrors.missingParameter(`The parameter ${param} is required.`);
}

export function validateMessageRequest(body: unknown, templates: TSimTemplate[], knownMedia: (id: string) => boolean): TValidatedRequest {
  if (!isObj(body)) throw graphErrors.invalidParameter("Request body must be a JSON object.");
  need(isStr(body.messaging_product), "messaging_product");
  if (body.messaging_product !== "whatsapp") throw graphErrors.invalidParameter("The parameter messaging_product must be set to 'whatsapp'.");

  // Mark as read / typing indicator: same endpoint, no `type` (§2.4).
  if (body.status !== undefined) {
    if (body.status !== "read") throw graphErrors.invalidParameter("The parameter status must be 'read'.");
    need(isStr(body.message_id), "message_id");
    const typing = body.typing_indicator;
    if (typing !== undefined && !(isObj(typing) && typing.type === "text")) throw graphErrors.invalidParameter("typing_indicator.type must be 'text'.");
    return { kind: "read", messageId: body.message_id as string, typing: typing !== undefined };
  }

  if (body.recipient_type !== undefined && body.recipient_type !== "individual") {
    throw graphErrors.invalidParameter("recipient_type must be 'individual' (groups are not simulated).");
  }
  const to = isStr(body.to) ? body.to : undefined;
  const recipient = isStr(body.recipient) ? body.recipient : undefined;
  need(!!to || !!recipient, "to");
  if (to && !/^\+?[\d\s\-()]{5,20}$/.test(to)) throw graphErrors.invalidParameter(`Invalid 'to' parameter: ${to}`);

  const type = body.type === undefined ? "text" : body.type; // Meta defaults `type` to text
  if (typeof type !== "string" || !(FREE_TYPES as readonly string[]).includes(type)) {
    throw new GraphError(400, 131051, "Unsupported message type", `Message type ${String(type)} is not supported.`);
  }
  const payload = body[type];
  need(type === "contacts" ? Array.isArray(payload) : isObj(payload), type);

  let contextId: string | undefined;
  if (body.context !== undefined) {
    if (type === "reaction") throw graphErrors.invalidParameter("context is not allowed for reaction messages.");
    need(isObj(body.context) && isStr(body.context.message_id), "context.message_id");
    contextId = (body.context as Obj).message_id as string;
  }
  if (body.biz_opaque_callback_data !== undefined && !(typeof body.biz_opaque_callback_data === "string" && body.biz_opaque_callback_data.length <= 512)) {
    throw graphErrors.invalidParameter("biz_opaque_callback_data must be a string of at most 512 characters.");
  }

  let template: TSimTemplate | undefined;
  switch (type) {
    case "text": {
      const p = payload as Obj;
      need(isStr(p.body), "text.body");
      if ((p.body as string).length > 4096) throw graphErrors.invalidParameter("text.body must be at most 4096 characters.");
      break;
    }
    case "image":
    case "audio":
    case "video":
    case "document":
    case "sticker": {
      const p = payload as Obj;
      if (isStr(p.id) === isStr(p.link)) throw graphErrors.invalidParameter(`${type} must have exactly one of 'id' or 'link'.`);
      if (isStr(p.id) && !knownMedia(p.id as string)) throw graphErrors.invalidParameter(`Media id ${String(p.id)} does not exist or has expired.`);
      if (isStr(p.link) && !/^https?:\/\//.test(p.link as string)) throw graphErrors.invalidParameter(`${type}.link must be an http(s) URL.`);
      if (p.caption !== undefined && (type === "audio" || type === "sticker")) throw graphErrors.invalidParameter(`caption is not supported for ${type}.`);
      break;
    }
    case "location": {
      const p = payload as Obj;
      need(typeof p.latitude === "number" || isStr(p.latitude), "location.latitude");
      need(typeof p.longitude === "number" || isStr(p.longitude), "location.longitude");
      const lat = Number(p.latitude);
      const lng = Number(p.longitude);
      if (!(lat >= -90 && lat <= 90 && lng >= -180 && lng <= 180)) throw graphErrors.invalidValue("location latitude/longitude out of range.");
      break;
    }
    case "contacts": {
      const list = payload as unknown[];
      need(list.length > 0, "contacts");
      list.forEach((c, i) => need(isObj(c) && isObj(c.name) && isStr(c.name.formatted_name), `contacts[${i}].name.formatted_name`));
      break;
    }
    case "reaction": {
      const p = payload as Obj;
      need(isStr(p.message_id), "reaction.message_id");
      need(typeof p.emoji === "string", "reaction.emoji");
      break;
    }
    case "interactive":
      validateInteractive(payload as Obj);
      break;
    case "template":
      template = validateTemplate(payload as Obj, templates);
      break;
  }
  return { kind: "send", type, ...(to ? { to } : {}), ...(recipient ? { recipient } : {}), ...(contextId ? { contextId } : {}), ...(template ? { template } : {}) };
}

function validateInteractive(p: Obj): void {
  need(isStr(p.type), "interactive.type");
  const action = p.action;
  switch (p.type) {
    case "button": {
      need(isObj(p.body) && isStr(p.body.text), "interactive.body.text");
      need(isObj(action) && Array.isArray(action.buttons), "interactive.action.buttons");
      const buttons = (action as Obj).buttons as unknown[];
      if (buttons.length < 1 || buttons.length > 3) throw graphErrors.invalidParameter("interactive.action.buttons must have 1 to 3 buttons.");
      const ids = new Set<string>();
      for (const b of buttons) {
        const reply = isObj(b) && b.type === "reply" && isObj(b.reply) ? b.reply : undefined;
        need(!!reply && isStr(reply.id) && isStr(reply.title), "interactive.action.buttons[].reply.id/title");
        if ((reply!.title as string).length > 20) throw graphErrors.invalidParameter("Button title length invalid. Max length is 20.");
        if (ids.has(reply!.id as string)) throw graphErrors.invalidParameter("Button ids must be unique.");
        ids.add(reply!.id as string);
      }
      break;
    }
    case "list": {
      need(isObj(p.body) && isStr(p.body.text), "interactive.body.text");
      need(isObj(action) && isStr(action.button), "interactive.action.button");
      need(Array.isArray((action as Obj).sections), "interactive.action.sections");
      const sections = (action as Obj).sections as unknown[];
      if (sections.length < 1 || sections.length > 10) throw graphErrors.invalidParameter("interactive.action.sections must have 1 to 10 sections.");
      let rows = 0;
      for (const s of sections) {
        need(isObj(s) && Array.isArray(s.rows), "interactive.action.sections[].rows");
        for (const r of (s as Obj).rows as unknown[]) {
          need(isObj(r) && isStr(r.id) && isStr(r.title), "interactive.action.sections[].rows[].id/title");
          if (((r as Obj).title as string).length > 24) throw graphErrors.invalidParameter("Row title length invalid. Max length is 24.");
          rows++;
        }
      }
      if (rows < 1 || rows > 10) throw graphErrors.invalidParameter("A list message can have 1 to 10 rows in total.");
      break;
    }
    case "cta_url":
    case "voice_call":
    case "call_permission_request":
      need(isObj(action), "interactive.action");
      break;
    default:
      throw graphErrors.invalidParameter(`Interactive type ${String(p.type)} is not supported by the sandbox.`);
  }
}

/** Placeholders of a template text: {{1}}, {{2}} or {{first_name}}, counted once each. */
export function placeholders(text: string | undefined): string[] {
  if (!text) return [];
  return [...new Set([...text.matchAll(/\{\{\s*([a-z0-9_]+)\s*\}\}/gi)].map((m) => m[1]!))];
}

function validateTemplate(p: Obj, templates: TSimTemplate[]): TSimTemplate {
  need(isStr(p.name), "template.name");
  need(isObj(p.language) && isStr(p.language.code), "template.language.code");
  const name = p.name as string;
  const code = (p.language as Obj).code as string;
  // Locale must match exactly: "en" ≠ "en_US" (§3.2, §8 pitfall 6); only approved ones can be sent.
  const t = templates.find((x) => x.name === name && x.language === code && x.status === "APPROVED");
  if (!t) throw graphErrors.templateMissing(name, code);
  if (p.components !== undefined && !Array.isArray(p.components)) throw graphErrors.invalidParameter("template.components must be an array.");
  const given = (p.components as unknown[] | undefined) ?? [];

  const provided = (kind: string): Obj[] => {
    const c = given.find((x) => isObj(x) && typeof x.type === "string" && x.type.toLowerCase() === kind) as Obj | undefined;
    if (!c) return [];
    need(Array.isArray(c.parameters), `template.components[${kind}].parameters`);
    return c.parameters as Obj[];
  };

  for (const comp of t.components) {
    const kind = comp.type.toLowerCase();
    if (kind !== "header" && kind !== "body") continue;
    let expected: number;
    if (kind === "header" && comp.format && comp.format !== "TEXT") expected = 1; // IMAGE / VIDEO / DOCUMENT / LOCATION header
    else expected = placeholders(comp.text).length;
    const params = provided(kind);
    if (params.length !== expected) throw graphErrors.templateParams(kind, params.length, expected);
    if (kind === "header" && comp.format && comp.format !== "TEXT") {
      const want = comp.format.toLowerCase();
      const param = params[0]!;
      if (!isObj(param) || param.type !== want || !isObj(param[want])) {
        throw new GraphError(400, 132012, "Parameter format does not match format in the created template", `header: expected a ${want} parameter`);
      }
    }
    if (kind === "body" && t.parameter_format === "NAMED") {
      const names = new Set(params.map((x) => (isObj(x) ? x.parameter_name : undefined)));
      for (const n of placeholders(comp.text)) {
        if (!names.has(n)) throw new GraphError(400, 132012, "Parameter format does not match format in the created template", `body: missing named parameter ${n}`);
      }
    }
    for (const param of params) need(isObj(param) && isStr(param.type), `template.components[${kind}].parameters[].type`);
  }
  return t;
}
