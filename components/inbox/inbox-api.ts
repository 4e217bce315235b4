import { ApiError, apiFetch } from "@/components/shell/api-fetch";
import type {
  AgentDTO,
  CannedResponseDTO,
  ConversationDTO,
  ConversationFilters,
  MessageDTO,
  Page,
  SendMessageInput,
  TemplateDTO,
  UploadedMedia,
} from "./types";

/** Query keys and calls for the inbox's v1 endpoints (one place, so SSE updates hit the same keys). */
export const qk = {
  conversations: (f: ConversationFilters) => ["conversations", f] as const,
  conversationsAll: ["conversations"] as const,
  conversation: (id: string) => ["conversation", id] as const,
  messages: (id: string) => ["messages", id] as const,
  templates: ["templates"] as const,
  canned: ["canned-responses"] as const,
  users: ["users"] as const,
  contactHistory: (contactId: string) => ["contact-history", contactId] as const,
};

const enc = encodeURIComponent;

export function listConversations(
  f: ConversationFilters,
  cursor?: string | null,
  phone?: string,
): Promise<Page<ConversationDTO>> {
  const p = new URLSearchParams({ status: f.status, assignee: f.assignee, limit: "30" });
  if (phone) p.set("phone", phone);
  if (f.unread) p.set("unread", "true");
  if (f.label) p.set("label", f.label);
  if (f.q.trim()) p.set("q", f.q.trim());
  if (cursor) p.set("cursor", cursor);
  return apiFetch(`/api/v1/conversations?${p}`);
}

export const getConversation = (id: string) => apiFetch<ConversationDTO>(`/api/v1/conversations/${enc(id)}`);

export function listMessages(id: string, cursor?: string | null): Promise<Page<MessageDTO>> {
  const p = new URLSearchParams({ limit: "40" });
  if (cursor) p.set("cursor", cursor);
  return apiFetch(`/api/v1/conversations/${enc(id)}/messages?${p}`);
}

export const sendMessage = (id: string, input: SendMessageInput) =>
  apiFetch<MessageDTO>(`/api/v1/conversations/${enc(id)}/messages`, { method: "POST", body: input });
export const sendNote = (id: string, body: string) =>
  apiFetch<MessageDTO>(`/api/v1/conversations/${enc(id)}/notes`, { method: "POST", body: { body } });
export const retryMessage = (messageId: string) =>
  apiFetch<MessageDTO>(`/api/v1/messages/${enc(messageId)}/retry`, { method: "POST" });
export const assignConversation = (id: string, assigneeId: string | null) =>
  apiFetch<ConversationDTO>(`/api/v1/conversations/${enc(id)}/assign`, {
    method: "POST",
    body: { assigneeId },
  });
export const resolveConversation = (id: string) =>
  apiFetch<ConversationDTO>(`/api/v1/conversations/${enc(id)}/resolve`, { method: "POST" });
export const reopenConversation = (id: string) =>
  apiFetch<ConversationDTO>(`/api/v1/conversations/${enc(id)}/reopen`, { method: "POST" });
export const markConversationRead = (id: string) =>
  apiFetch<unknown>(`/api/v1/conversations/${enc(id)}/read`, { method: "POST" });
export const setLabels = (id: string, labels: string[]) =>
  apiFetch<ConversationDTO>(`/api/v1/conversations/${enc(id)}`, { method: "PATCH", body: { labels } });
export const heartbeatViewing = (id: string) =>
  apiFetch<{ viewers: { id: string; name: string }[] }>(`/api/v1/conversations/${enc(id)}/viewing`, {
    method: "POST",
  });

export const listTemplates = () => apiFetch<{ data: TemplateDTO[] }>("/api/v1/templates");
export const listCanned = () => apiFetch<{ data: CannedResponseDTO[] }>("/api/v1/canned-responses");
export const listUsers = () => apiFetch<{ data: AgentDTO[] }>("/api/v1/users");

/**
 * Multipart upload with progress. fetch() has no upload progress events in browsers yet, so this
 * one call uses XMLHttpRequest.
 */
export function uploadMedia(
  file: File,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<UploadedMedia> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/v1/media");
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let data: unknown;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        data = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(data as UploadedMedia);
      const err = (data as { error?: { code?: string; message?: string } } | undefined)?.error;
      reject(
        new ApiError(
          xhr.status,
          err?.code ?? `HTTP_${xhr.status}`,
          err?.message ?? `Upload failed (HTTP ${xhr.status}).`,
        ),
      );
    };
    xhr.onerror = () =>
      reject(new ApiError(0, "NETWORK", "Could not reach the server. Check your connection and try again."));
    xhr.onabort = () => reject(new ApiError(0, "ABORTED", "Upload cancelled."));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append("file", file, file.name);
    xhr.send(form);
  });
}

/** WhatsApp's media categories from a MIME type (reference §4.3). */
export function mediaTypeFor(mime: string): "image" | "video" | "audio" | "document" | "sticker" {
  if (mime === "image/webp") return "sticker";
  if (mime.startsWith("image/")) return "image";
  if (mime.startsWith("video/")) return "video";
  if (mime.startsWith("audio/")) return "audio";
  return "document";
}
