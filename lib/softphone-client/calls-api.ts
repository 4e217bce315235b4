import { apiFetch } from "@/components/shell/api-fetch";
import type { AcceptCallResult, CallDetailDto, CallDto, CallingStatus, CallListPage, CallPermission } from "./call-types";

/**
 * The web API for calls as the softphone and the calls page use it (same-origin, session cookie).
 * Errors arrive as ApiError with the server's `{ error: { code, message } }` — e.g. 409 when
 * another agent accepted first, or NO_PERMISSION for an outbound call without a call permission.
 */
const enc = encodeURIComponent;

export const callsApi = {
  status: () => apiFetch<CallingStatus>("/api/calls/status"),
  accept: (id: string) => apiFetch<AcceptCallResult>(`/api/calls/${enc(id)}/accept`, { method: "POST", body: {} }),
  decline: (id: string) => apiFetch<unknown>(`/api/calls/${enc(id)}/decline`, { method: "POST", body: {} }),
  hold: (id: string) => apiFetch<unknown>(`/api/calls/${enc(id)}/hold`, { method: "POST", body: {} }),
  resume: (id: string) => apiFetch<unknown>(`/api/calls/${enc(id)}/resume`, { method: "POST", body: {} }),
  hangup: (id: string) => apiFetch<unknown>(`/api/calls/${enc(id)}/hangup`, { method: "POST", body: {} }),
  dtmf: (id: string, digits: string) =>
    apiFetch<unknown>(`/api/calls/${enc(id)}/dtmf`, { method: "POST", body: { digits } }),
  transfer: (id: string, toAgentId: string, mode: "cold" | "warm") =>
    apiFetch<unknown>(`/api/calls/${enc(id)}/transfer`, { method: "POST", body: { toAgentId, mode } }),
  addParticipant: (id: string, agentId: string) =>
    apiFetch<unknown>(`/api/calls/${enc(id)}/participants`, { method: "POST", body: { agentId } }),
  outbound: (contactId: string) =>
    apiFetch<{ call: CallDto } & Partial<AcceptCallResult>>("/api/calls/outbound", {
      method: "POST",
      body: { contactId },
    }),
  requestPermission: (contactId: string) =>
    apiFetch<{ permission?: CallPermission; status?: string }>("/api/calls/permission-request", {
      method: "POST",
      body: { contactId },
    }),
  /** A socket token for the user alone: opens the softphone's standing media-server socket (joins no call). */
  userMediaToken: () =>
    apiFetch<{ token: string; url: string; expiresAt: string }>("/api/media/token", { method: "POST", body: {} }),
  /** A socket token for a call already ours (outbound calls, reconnects). */
  mediaToken: (callId: string) =>
    apiFetch<{ token: string; url: string; expiresAt: string }>("/api/media/token", {
      method: "POST",
      body: { callId },
    }),
  /** GET /api/calls/permission?contactId= — the contact's current call permission (when web offers it). */
  permission: (contactId: string) =>
    apiFetch<{ permission: CallPermission } | CallPermission>(`/api/calls/permission?contactId=${enc(contactId)}`),
  list: (query: Record<string, string | undefined>) => {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v) qs.set(k, v);
    const s = qs.toString();
    return apiFetch<CallListPage>(`/api/v1/calls${s ? `?${s}` : ""}`);
  },
  get: (id: string) => apiFetch<CallDetailDto>(`/api/v1/calls/${enc(id)}`),
};
