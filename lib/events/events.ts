import { z } from "zod";
import { ROLES } from "@/lib/auth/roles";
import { ZCallDtoSchema, ZCallPermissionDtoSchema } from "@/lib/calls/call.schema";
import { ZContactDtoSchema } from "@/lib/contacts/contact.schema";
import { ZConversationDtoSchema, ZViewerSchema } from "@/lib/conversations/conversation.schema";
import { ZMessageDtoSchema } from "@/lib/messages/message.schema";

/**
 * The one catalogue of realtime events (chatwoot's events.ts): `domain.past_tense` names, each with
 * a zod schema for its payload. Client code may import this file (no server imports): the browser
 * parses SSE frames with `parseEvent`. Later issues add events here, never elsewhere.
 */
const id = z.string().min(1);
const isoDate = z.iso.datetime({ offset: true });

export const EVENT_SCHEMAS = {
  "user.presence_changed": z.object({
    userId: id,
    presence: z.enum(["online", "away", "offline"]),
    at: isoDate,
  }),
  /** A background job used up its attempts (or failed permanently). Sent to admins. */
  "job.dead_lettered": z.object({
    jobId: id,
    name: z.string(),
    attempts: z.number().int().nonnegative(),
    lastError: z.string().nullable(),
  }),
  /** A mediasoup worker died on a media-server and was replaced. */
  "media.worker_died": z.object({
    pid: z.number().int(),
    mediaServerId: z.string().optional(),
    replaced: z.boolean().default(true),
    at: isoDate,
  }),
  "conversation.updated": z.object({
    conversationId: id,
    status: z.enum(["open", "pending", "resolved"]).optional(),
    assigneeId: z.string().nullable().optional(),
    lastMessageAt: isoDate.nullable().optional(),
    unreadCount: z.number().int().nonnegative().optional(),
    /** The whole conversation as the inbox lists it (issue 3). */
    conversation: ZConversationDtoSchema.optional(),
  }),
  /** Who has the conversation open right now ("who else is viewing"). */
  "conversation.viewers_changed": z.object({
    conversationId: id,
    viewers: z.array(ZViewerSchema),
  }),
  "contact.updated": z.object({
    contactId: id,
    contact: ZContactDtoSchema.optional(),
  }),
  /** The WhatsApp account needs an admin (expired token 190, account locked, billing …). Sent to admins. */
  "whatsapp.alert": z.object({
    code: z.number().int(),
    cause: z.string(),
    message: z.string(),
    phoneNumberId: z.string().nullable(),
  }),
  "message.created": z.object({
    messageId: id,
    conversationId: id,
    direction: z.enum(["inbound", "outbound"]),
    type: z.string(),
    /** The whole message as the thread shows it (issue 3). */
    message: ZMessageDtoSchema.optional(),
  }),
  "message.status_changed": z.object({
    messageId: id,
    conversationId: id,
    status: z.enum(["pending", "sent", "delivered", "read", "failed", "received", "deleted"]),
    error: z
      .object({ code: z.number().int().nullable(), title: z.string().nullable(), message: z.string().nullable().optional() })
      .nullable()
      .optional(),
  }),
  "call.updated": z.object({
    callId: id,
    status: z.string(),
    agentId: z.string().nullable().optional(),
    conversationId: z.string().nullable().optional(),
    /** The whole call as the softphone and the calls page show it (issue 4). */
    call: ZCallDtoSchema.optional(),
  }),
  /** An inbound call (or a transfer / added participant) rings these agents' softphones. Sent to them. */
  "call.ringing": z.object({
    call: ZCallDtoSchema,
    agentIds: z.array(id),
    /** Why it rings: a new call, a transfer to the agent, or an invitation to join. */
    reason: z.enum(["inbound", "transfer", "participant"]).default("inbound"),
  }),
  /** The call reached a terminal status (completed, missed, abandoned…). */
  "call.ended": z.object({ call: ZCallDtoSchema }),
  /** A contact's call permission changed (requested, granted, denied, expired). */
  "call.permission_changed": z.object({ permission: ZCallPermissionDtoSchema }),
} as const satisfies Record<string, z.ZodType>;

export type EventType = keyof typeof EVENT_SCHEMAS;
export type EventData<T extends EventType> = z.output<(typeof EVENT_SCHEMAS)[T]>;
export type EventInput<T extends EventType> = z.input<(typeof EVENT_SCHEMAS)[T]>;

export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as EventType[];

export function isEventType(value: unknown): value is EventType {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(EVENT_SCHEMAS, value);
}

/**
 * Who may receive an event. Absent/null = everyone in the workspace. Otherwise a user receives it
 * when their id is in `users` or their role is in `roles`; an audience with both lists empty
 * reaches no one (fail closed).
 */
export const ZAudienceSchema = z
  .object({
    users: z.array(id).optional(),
    roles: z.array(z.enum(ROLES)).optional(),
  })
  .strict();
export type TAudience = z.infer<typeof ZAudienceSchema>;

/** What a use-case hands to `publish()`. */
export interface PublishInput<T extends EventType = EventType> {
  type: T;
  workspaceId: string;
  audience?: TAudience | null;
  data: EventInput<T>;
}

/** A persisted event: `id` is the Event row's bigint id as a decimal string (the SSE id). */
export interface StoredEvent<T extends EventType = EventType> {
  id: string;
  type: T;
  workspaceId: string;
  audience: TAudience | null;
  data: EventData<T>;
  createdAt: string;
}

/** The union of all stored events, discriminated by `type`. */
export type AnyStoredEvent = { [K in EventType]: StoredEvent<K> }[EventType];

/** Validates a payload against its event's schema (throws ZodError). */
export function parseEventData<T extends EventType>(type: T, data: unknown): EventData<T> {
  return EVENT_SCHEMAS[type].parse(data) as EventData<T>;
}

/**
 * One SSE frame: `id: <id>\nevent: <type>\ndata: <json>\n\n`. The SSE format splits fields on CR,
 * LF and CRLF (WHATWG HTML §9.2.6), so the data must be a single line: JSON.stringify already
 * escapes \n and \r inside strings; U+2028/U+2029 are not line breaks for SSE but we escape them
 * too so the text is also safe to embed in a script.
 */
export function serializeEvent(event: Pick<StoredEvent, "id" | "type" | "data">): string {
  const json = JSON.stringify(event.data)
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${json}\n\n`;
}

export interface ParsedEvent<T extends EventType = EventType> {
  id: string;
  type: T;
  data: EventData<T>;
}
export type AnyParsedEvent = { [K in EventType]: ParsedEvent<K> }[EventType];

/**
 * Parses one SSE frame (the text between blank lines) back into a typed event. Comment lines
 * (`: ping`) and `retry:` are ignored; several `data:` lines are joined with "\n" as the SSE spec
 * says. Returns null for frames without an event (heartbeats, retry hints); throws for an unknown
 * type or a payload that fails its schema.
 */
export function parseEvent(frame: string): AnyParsedEvent | null {
  let eventId: string | undefined;
  let type: string | undefined;
  const data: string[] = [];
  for (const line of frame.split(/\r\n|\r|\n/)) {
    if (!line || line.startsWith(":")) continue;
    const i = line.indexOf(":");
    const field = i < 0 ? line : line.slice(0, i);
    let value = i < 0 ? "" : line.slice(i + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "id") eventId = value;
    else if (field === "event") type = value;
    else if (field === "data") data.push(value);
  }
  if (type === undefined && data.length === 0) return null;
  if (!isEventType(type)) throw new Error(`Unknown event type: ${String(type)}`);
  if (eventId === undefined) throw new Error(`Event ${type} has no id`);
  const payload = parseEventData(type, JSON.parse(data.join("\n")));
  return { id: eventId, type, data: payload } as AnyParsedEvent;
}

/** Splits an SSE text buffer into complete frames and the unfinished rest. */
export function splitFrames(buffer: string): { frames: string[]; rest: string } {
  const parts = buffer.split(/\r\n\r\n|\n\n|\r\r/);
  const rest = parts.pop() ?? "";
  return { frames: parts.filter((p) => p.length > 0), rest };
}
