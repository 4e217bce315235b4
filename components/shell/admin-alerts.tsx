"use client";

import { useQuery } from "@tanstack/react-query";
import { AlertTriangle, X } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { useRealtimeEvents } from "@/lib/realtime-client/use-realtime";
import type { TPhoneNumber } from "@/lib/phone-numbers/phone-number.schema";
import { apiFetch } from "./api-fetch";

export interface WhatsAppAlert {
  code: number;
  cause: string;
  /** Meta's own text (title: details), as the Graph API returned it. */
  message: string;
  /** Meta's phone_number_id, when the failing call was made for a number. */
  phoneNumberId: string | null;
}

/** Meta code 190: the access token expired or was invalidated (reference §5, "refresh token"). */
const TOKEN_EXPIRED = 190;

export function alertTitle(alert: WhatsAppAlert, displayPhone: string | null): string {
  const on = displayPhone ?? alert.phoneNumberId;
  if (alert.code === TOKEN_EXPIRED || alert.cause === "auth") return `WhatsApp access token expired${on ? ` for ${on}` : ""}`;
  return `WhatsApp needs attention${on ? ` for ${on}` : ""} (error ${alert.code})`;
}

/**
 * Admin-only banners for `whatsapp.alert` (the server sends it to admins only: an expired token,
 * a locked account, a payment problem…). One banner per number and error code, Meta's text as is,
 * a link to the number's settings, dismissible. Not persisted: the next failing send raises it again.
 */
export function AdminAlerts() {
  const [alerts, setAlerts] = useState<WhatsAppAlert[]>([]);
  const numbers = useQuery({
    queryKey: ["settings", "phone-numbers"],
    queryFn: () => apiFetch<{ data: TPhoneNumber[] }>("/api/v1/phone-numbers"),
    enabled: alerts.length > 0,
    staleTime: 60_000,
  });

  useRealtimeEvents((event) => {
    if (event.type !== "whatsapp.alert") return;
    const a = event.data as WhatsAppAlert;
    setAlerts((list) => [a, ...list.filter((x) => !(x.code === a.code && x.phoneNumberId === a.phoneNumberId))].slice(0, 3));
  });

  if (alerts.length === 0) return null;
  const displayOf = (id: string | null) => (id ? (numbers.data?.data.find((n) => n.phoneNumberId === id)?.displayPhone ?? null) : null);
  return (
    <div className="mb-4 flex flex-col gap-2" aria-label="WhatsApp alerts">
      {alerts.map((a) => (
        <div key={`${a.code}:${a.phoneNumberId}`} role="alert" data-testid="whatsapp-alert" className="flex items-start gap-3 rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900">
          <AlertTriangle aria-hidden className="mt-0.5 size-4 shrink-0" />
          <div className="min-w-0 flex-1">
            <p className="font-medium">
              {alertTitle(a, displayOf(a.phoneNumberId))}: <span className="font-normal">{a.message}</span>
            </p>
            <Link href="/settings/phone-numbers" className="mt-1 inline-block font-medium underline underline-offset-2 hover:text-red-700">
              Open WhatsApp number settings
            </Link>
          </div>
          <button
            type="button"
            aria-label="Dismiss"
            onClick={() => setAlerts((list) => list.filter((x) => x !== a))}
            className="rounded p-1 text-red-700 hover:bg-red-100 focus-visible:outline-2 focus-visible:outline-red-600"
          >
            <X aria-hidden className="size-4" />
          </button>
        </div>
      ))}
    </div>
  );
}
