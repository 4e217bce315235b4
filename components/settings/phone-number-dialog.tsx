"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch, errorMessage } from "@/components/shell/api-fetch";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { TPhoneNumber } from "@/lib/phone-numbers/phone-number.schema";

/**
 * Add or edit a WhatsApp number. The token field is write-only: empty on edit means "keep the
 * stored token"; "Use the server's token" removes it.
 */
export function PhoneNumberDialog({
  number,
  open,
  onClose,
  onSaved,
}: {
  number: TPhoneNumber | null;
  open: boolean;
  onClose: () => void;
  onSaved: (n: TPhoneNumber) => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [clearToken, setClearToken] = useState(false);
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      number
        ? apiFetch<TPhoneNumber>(`/api/v1/phone-numbers/${encodeURIComponent(number.id)}`, { method: "PATCH", body })
        : apiFetch<TPhoneNumber>("/api/v1/phone-numbers", { method: "POST", body }),
    onSuccess: (n) => {
      setError(null);
      setClearToken(false);
      onSaved(n);
    },
    onError: (err) => setError(errorMessage(err)),
  });

  const close = () => {
    setError(null);
    setClearToken(false);
    save.reset();
    onClose();
  };

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (k: string) => String(f.get(k) ?? "").trim();
    const body: Record<string, unknown> = {
      displayPhone: text("displayPhone"),
      callingEnabled: f.get("callingEnabled") === "on",
      botEnabled: f.get("botEnabled") === "on",
    };
    if (!number) body.phoneNumberId = text("phoneNumberId");
    const waba = text("wabaId");
    if (waba) body.wabaId = waba;
    else if (number?.wabaId) body.wabaId = null;
    const token = text("accessToken");
    if (token) body.accessToken = token;
    else if (number && clearToken) body.accessToken = null;
    save.mutate(body);
  };

  // key: a fresh form (default values) per number opened.
  return (
    <Dialog open={open} onClose={close} title={number ? `Edit ${number.displayPhone}` : "Add a WhatsApp number"} description="Ids are in Meta's WhatsApp Manager → API setup.">
      <form key={number?.id ?? "new"} onSubmit={onSubmit} className="flex flex-col gap-4">
        {error ? <Alert>{error}</Alert> : null}
        <div>
          <Label htmlFor="pn-display">Display phone</Label>
          <Input id="pn-display" name="displayPhone" required maxLength={32} defaultValue={number?.displayPhone ?? ""} placeholder="+91 98765 43210" autoComplete="off" />
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <Label htmlFor="pn-id">Phone number id</Label>
            <Input id="pn-id" name="phoneNumberId" required={!number} disabled={!!number} inputMode="numeric" pattern="\d{5,20}" defaultValue={number?.phoneNumberId ?? ""} autoComplete="off" />
          </div>
          <div>
            <Label htmlFor="pn-waba">WABA id</Label>
            <Input id="pn-waba" name="wabaId" inputMode="numeric" pattern="\d{5,20}" defaultValue={number?.wabaId ?? ""} autoComplete="off" />
          </div>
        </div>
        <div>
          <Label htmlFor="pn-token">Access token</Label>
          <Input
            id="pn-token"
            name="accessToken"
            type="password"
            autoComplete="new-password"
            minLength={8}
            disabled={clearToken}
            placeholder={number?.tokenSet ? `Stored (••••${number.tokenLast4}); leave empty to keep it` : "Leave empty to use the server's token"}
          />
          {number?.tokenSet ? (
            <label className="mt-2 flex items-center gap-2 text-sm text-slate-700">
              <input type="checkbox" checked={clearToken} onChange={(e) => setClearToken(e.currentTarget.checked)} />
              Remove the stored token and use the server&apos;s
            </label>
          ) : null}
        </div>
        <div className="flex flex-col gap-2">
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" name="callingEnabled" defaultChecked={number?.callingEnabled ?? true} />
            Calling enabled
          </label>
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" name="botEnabled" defaultChecked={number?.botEnabled ?? true} />
            Bot answers on this number
          </label>
        </div>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {number ? "Save" : "Add number"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
