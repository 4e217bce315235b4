"use client";

import { Phone, Send } from "lucide-react";
import { useState } from "react";
import { useSoftphone } from "@/components/softphone/softphone-provider";
import { ApiError, errorMessage } from "@/components/shell/api-fetch";
import { Button } from "@/components/ui/button";
import type { CallPermission } from "@/lib/softphone-client/call-types";
import { callsApi } from "@/lib/softphone-client/calls-api";
import { metaCodeIn, refusalView, type RefusalView } from "@/lib/softphone-client/refusal-text";
import { useRealtimeEvents } from "@/lib/realtime-client/use-realtime";

/**
 * Click-to-call for one contact. WhatsApp only lets a business call a user who granted call
 * permission (reference whatsapp-cloud-api.md §6: `call_permissions`, permission request message,
 * the user's reply webhook). When web answers NO_PERMISSION the button offers to send the request
 * and then shows its state live (SSE `call.permission_changed`); Meta's other refusals (daily
 * limit, country not allowed …) are shown with their code.
 */
type Phase =
  | { kind: "idle" }
  | { kind: "calling" }
  | { kind: "needs_permission"; message: string }
  | { kind: "requesting" }
  | { kind: "requested"; status: string; expiresAt: string | null }
  | { kind: "refused"; refusal: RefusalView };

const PERMISSION_TEXT: Record<string, string> = {
  none: "No call permission yet.",
  requested: "Permission request sent. Waiting for the customer to answer on WhatsApp…",
  pending: "Permission request sent. Waiting for the customer to answer on WhatsApp…",
  granted: "The customer allowed calls. You can call now.",
  accepted: "The customer allowed calls. You can call now.",
  denied: "The customer declined calls from this business.",
  rejected: "The customer declined calls from this business.",
  expired: "The permission has expired. Send a new request.",
};

export function ClickToCall({ contactId }: { contactId: string }) {
  const sp = useSoftphone();
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });

  useRealtimeEvents((e) => {
    if (e.type !== "call.permission_changed") return;
    const p = (e.data as { permission?: CallPermission }).permission;
    if (p?.contactId !== contactId) return;
    setPhase({ kind: "requested", status: p.status, expiresAt: p.expiresAt });
  });

  const unavailable = sp?.calling !== null && sp?.calling !== undefined && !sp.calling.available;
  const onCall = Boolean(sp?.active);

  async function call() {
    if (!sp) return;
    setPhase({ kind: "calling" });
    try {
      const c = await sp.callContact(contactId);
      setPhase(c.error ? { kind: "refused", refusal: refusalView(c.error)! } : { kind: "idle" });
    } catch (err) {
      // web answers 409 with details.reason NO_PERMISSION (send the request) or META_REFUSED
      // (Meta's code in details.metaCode): lib/calls/start-outbound-call.ts.
      const details = err instanceof ApiError ? (err.details as { reason?: string; metaCode?: number | null } | undefined) : undefined;
      if (details?.reason === "NO_PERMISSION" || (err instanceof ApiError && (err.code === "NO_PERMISSION" || metaCodeIn(err.message) === "138006"))) {
        setPhase({ kind: "needs_permission", message: errorMessage(err) });
        return;
      }
      const metaCode = details?.metaCode ?? (err instanceof Error ? metaCodeIn(err.message) : null);
      setPhase({
        kind: "refused",
        refusal: refusalView({ code: metaCode ?? (err instanceof ApiError ? err.code : "ERROR"), message: errorMessage(err) })!,
      });
    }
  }

  async function requestPermission() {
    setPhase({ kind: "requesting" });
    try {
      const r = await callsApi.requestPermission(contactId);
      const status = r.permission?.status ?? r.status ?? "requested";
      setPhase({ kind: "requested", status, expiresAt: r.permission?.expiresAt ?? null });
    } catch (err) {
      const code = err instanceof ApiError ? (metaCodeIn(err.message) ?? err.code) : "ERROR";
      setPhase({ kind: "refused", refusal: refusalView({ code, message: errorMessage(err) })! });
    }
  }

  const granted = phase.kind === "requested" && ["granted", "accepted"].includes(phase.status);
  return (
    <div className="space-y-2" data-testid="click-to-call">
      <Button
        size="sm"
        variant="secondary"
        onClick={() => void call()}
        loading={phase.kind === "calling"}
        disabled={!sp || unavailable || onCall}
        title={unavailable ? `Calling unavailable: ${sp?.calling?.reason ?? ""}` : onCall ? "Finish the current call first" : "Call on WhatsApp"}
      >
        <Phone aria-hidden className="size-3.5" /> Call
      </Button>
      {unavailable ? <p className="text-xs text-red-700">Calling unavailable: {sp?.calling?.reason}</p> : null}
      {phase.kind === "needs_permission" || phase.kind === "requesting" ? (
        <div role="status" className="rounded-md border border-amber-200 bg-amber-50 p-2 text-xs text-amber-900" data-testid="call-permission">
          <p>
            <span className="font-mono">138006</span> — This customer has not allowed WhatsApp calls from your business yet.
          </p>
          <Button size="sm" className="mt-2" onClick={() => void requestPermission()} loading={phase.kind === "requesting"}>
            <Send aria-hidden className="size-3.5" /> Send call permission request
          </Button>
        </div>
      ) : null}
      {phase.kind === "requested" ? (
        <p role="status" className={granted ? "text-xs text-emerald-700" : "text-xs text-slate-700"} data-testid="call-permission-state" data-status={phase.status}>
          {PERMISSION_TEXT[phase.status] ?? `Permission: ${phase.status}`}
          {phase.expiresAt && granted ? ` (until ${new Date(phase.expiresAt).toLocaleDateString()})` : ""}
        </p>
      ) : null}
      {phase.kind === "refused" ? (
        <p role="alert" className="text-xs text-red-700" data-testid="call-refusal">
          <span className="font-mono">{phase.refusal.code}</span> — {phase.refusal.text}
        </p>
      ) : null}
    </div>
  );
}
