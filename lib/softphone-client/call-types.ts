import type { TCallDetailDto, TCallDto, TCallingStatus, TCallPage, TCallPermissionDto } from "@/lib/calls/call.schema";

/**
 * The call shapes the browser receives from web (GET /api/v1/calls, POST /api/calls/…, SSE
 * `call.*` events): the server's DTO types from lib/calls/call.schema.ts (client-safe), imported
 * as types only so no server code enters the browser bundle.
 */
export type CallDto = TCallDto;
export type CallDetailDto = TCallDetailDto;
export type CallListPage = TCallPage;
export type CallingStatus = TCallingStatus;
export type CallPermission = TCallPermissionDto;
export type CallEventDto = TCallDetailDto["events"][number];

/**
 * POST /api/calls/{id}/accept answers `{ call, media: { token, url, expiresAt } }`; the flat
 * `{ call, token, mediaUrl }` form is accepted too.
 */
export interface AcceptCallResult {
  call: CallDto;
  media?: { token: string; url: string; expiresAt?: string };
  token?: string;
  mediaUrl?: string;
}

export function mediaOf(r: AcceptCallResult): { token: string; url: string } | null {
  if (r.media) return { token: r.media.token, url: r.media.url };
  if (r.token && r.mediaUrl) return { token: r.token, url: r.mediaUrl };
  return null;
}

const TERMINAL_STATUSES: ReadonlySet<string> = new Set(["completed", "missed", "no_answer", "rejected", "failed", "abandoned"]);

export function isTerminal(status: string): boolean {
  return TERMINAL_STATUSES.has(status);
}

export function callerName(call: Pick<CallDto, "contactName" | "contactPhone">): string {
  return call.contactName ?? call.contactPhone ?? "Unknown caller";
}
