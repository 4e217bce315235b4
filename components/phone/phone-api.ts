/**
 * The sandbox control API (lib/sandbox/control/router.ts) as the phone simulator uses it, through
 * the app's same-origin proxy /api/sandbox/…. Shapes mirror the control API's JSON.
 */
export interface SimUser {
  key: string;
  waId: string | null;
  userId: string;
  username: string | null;
  name: string;
  hidePhone: boolean;
  lastUserMessageAt: string | null;
  windowOpen: boolean;
  windowExpiresAt: string | null;
}

export interface PhoneReceived {
  wamid: string;
  type: string;
  content: Record<string, unknown> | null;
  replyTo: string | null;
  status: "accepted" | "sent" | "delivered" | "read" | "failed";
  error: { code: number; title: string; message: string } | null;
  createdAt: string;
}

export interface PhoneSent {
  wamid: string;
  type: string;
  payload: Record<string, unknown>;
  createdAt: string;
  readByBusinessAt: string | null;
}

export interface PhoneInbox {
  user: SimUser;
  received: PhoneReceived[];
  sent: PhoneSent[];
  typing: boolean;
}

export interface SimTemplate {
  name: string;
  language: string;
  components: { type: string; format?: string; text?: string; buttons?: { type: string; text: string }[] }[];
}

export type UserMessage =
  | { type: "text"; text: string; replyTo?: string }
  | { type: "image" | "document"; dataBase64: string; mimeType: string; filename?: string; caption?: string }
  | { type: "location"; latitude: number; longitude: number; name?: string; address?: string }
  | { type: "button_reply"; id: string; title: string; replyTo?: string }
  | { type: "list_reply"; id: string; title: string; description?: string; replyTo?: string }
  | { type: "button"; payload: string; text: string; replyTo?: string };

const BASE = "/api/sandbox/control";

async function call<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(BASE + path, {
    method: init.method ?? "GET",
    headers: init.body !== undefined ? { "content-type": "application/json" } : undefined,
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    cache: "no-store",
  });
  const text = await res.text();
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const msg = (data as { error?: { message?: string } } | undefined)?.error?.message;
    throw new Error(msg ?? `Sandbox answered HTTP ${res.status}`);
  }
  return data as T;
}

export const listSimUsers = () => call<{ data: SimUser[] }>("/users");
export const createSimUser = (input: { phone?: string; username?: string; name?: string }) =>
  call<SimUser>("/users", { method: "POST", body: input });
/** Raw JSON text too, so the 1 s poll can skip re-rendering when nothing changed. */
export async function fetchInbox(key: string): Promise<{ text: string; inbox: PhoneInbox }> {
  const res = await fetch(`${BASE}/users/${encodeURIComponent(key)}/inbox`, { cache: "no-store" });
  const text = await res.text();
  if (!res.ok)
    throw new Error(
      (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? `HTTP ${res.status}`,
    );
  return { text, inbox: JSON.parse(text) as PhoneInbox };
}
export const sendAsUser = (key: string, m: UserMessage) =>
  call<{ wamid: string }>(`/users/${encodeURIComponent(key)}/messages`, {
    method: "POST",
    body: { ...m, wait: false },
  });
export const readAll = (key: string) =>
  call<{ read: string[] }>(`/users/${encodeURIComponent(key)}/read`, { method: "POST", body: {} });
export const listSimTemplates = () => call<{ data: SimTemplate[] }>("/templates");

export function fileToBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ""));
    r.onerror = () => reject(r.error ?? new Error("Could not read the file"));
    r.readAsDataURL(file);
  });
}
