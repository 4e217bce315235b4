"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { RefreshCw, Save } from "lucide-react";
import { useState } from "react";
import { WeeklyHoursEditor } from "@/components/appointments/weekly-hours-editor";
import { apiFetch, errorMessage } from "@/components/shell/api-fetch";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { toast } from "@/components/ui/toaster";
import type { TBotSettings, TBotSettingsDto } from "@/lib/bot/settings.schema";

const KEY = ["bot", "settings"] as const;
const TEXTAREA =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-2 focus:outline-brand-600/30";
const ESCALATION_LABELS: Record<keyof TBotSettings["escalation"], string> = {
  onRequest: "The customer asks for a person",
  lowConfidence: "The bot does not understand twice in a row",
  repeatedFailure: "An answer cannot be understood three times",
  negativeSentiment: "The customer seems upset",
};

/** Bot settings: on/off, engine, persona and business profile, hours, escalation and resume rules, per number. */
export function BotSettingsForm() {
  const query = useQuery({ queryKey: KEY, queryFn: () => apiFetch<TBotSettingsDto>("/api/v1/bot/settings") });
  if (query.isPending) return <Spinner label="Loading bot settings…" />;
  if (query.isError) {
    return (
      <Alert>
        <p className="font-medium">Could not load the bot settings.</p>
        <p className="mt-0.5">{errorMessage(query.error)}</p>
        <Button variant="secondary" size="sm" className="mt-3" onClick={() => void query.refetch()}>
          <RefreshCw aria-hidden className="size-3.5" /> Try again
        </Button>
      </Alert>
    );
  }
  // Re-mount the form when the server copy changes (after a save), so the draft starts from it.
  return <SettingsEditor key={query.dataUpdatedAt} data={query.data} />;
}

function SettingsEditor({ data }: { data: TBotSettingsDto }) {
  const qc = useQueryClient();
  const [draft, setDraft] = useState<TBotSettings>(data.settings);
  const [numbers, setNumbers] = useState<Record<string, boolean>>(() =>
    Object.fromEntries(data.phoneNumbers.map((p) => [p.id, p.botEnabled])),
  );
  const save = useMutation({
    mutationFn: () =>
      apiFetch<TBotSettingsDto>("/api/v1/bot/settings", {
        method: "PUT",
        body: {
          settings: draft,
          phoneNumbers: Object.entries(numbers).map(([id, botEnabled]) => ({ id, botEnabled })),
        },
      }),
    onSuccess: (saved) => {
      qc.setQueryData(KEY, saved);
      toast.success("Bot settings saved.");
    },
    onError: (err) => toast.error(errorMessage(err)),
  });
  const set = <K extends keyof TBotSettings>(k: K, v: TBotSettings[K]) => setDraft({ ...draft, [k]: v });

  return (
    <form
      className="space-y-6"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Card>
        <CardHeader>
          <CardTitle>Bot</CardTitle>
          <CardDescription>
            Engine in effect:{" "}
            <Badge tone={data.activeEngine.kind === "claude" ? "violet" : "neutral"}>
              {data.activeEngine.kind}
            </Badge>{" "}
            — {data.activeEngine.reason}
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          <label className="flex items-center gap-2 text-sm font-medium">
            <input
              type="checkbox"
              checked={draft.enabled}
              onChange={(e) => set("enabled", e.target.checked)}
            />{" "}
            The bot answers WhatsApp messages
          </label>
          <div className="grid gap-4 sm:grid-cols-2">
            <div>
              <Label htmlFor="bot-engine">Engine</Label>
              <Select
                id="bot-engine"
                value={draft.engine}
                onChange={(e) => set("engine", e.target.value as TBotSettings["engine"])}
              >
                <option value="auto">Automatic (Claude when a key is set)</option>
                <option value="claude">Claude</option>
                <option value="rules">Offline rules (English, Hindi, Hinglish)</option>
              </Select>
            </div>
            <div>
              <Label htmlFor="bot-business">Business name</Label>
              <Input
                id="bot-business"
                value={draft.businessName}
                maxLength={100}
                onChange={(e) => set("businessName", e.target.value)}
              />
            </div>
          </div>
          <div>
            <Label htmlFor="bot-persona">Persona</Label>
            <textarea
              id="bot-persona"
              className={TEXTAREA}
              rows={3}
              maxLength={2000}
              value={draft.persona}
              onChange={(e) => set("persona", e.target.value)}
              placeholder="Friendly, brief, helps customers book a site visit."
            />
          </div>
          <div>
            <Label htmlFor="bot-profile">Business profile</Label>
            <textarea
              id="bot-profile"
              className={TEXTAREA}
              rows={4}
              maxLength={8000}
              value={draft.businessProfile}
              onChange={(e) => set("businessProfile", e.target.value)}
              placeholder="What you sell, where, for whom."
            />
          </div>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Business hours</CardTitle>
          <CardDescription>
            Outside these hours a hand-off to a person also sends the out-of-hours reply.
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={draft.businessHours !== null}
              onChange={(e) =>
                set(
                  "businessHours",
                  e.target.checked
                    ? {
                        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
                        weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "18:00" })),
                      }
                    : null,
                )
              }
            />
            Limit to business hours
          </label>
          {draft.businessHours ? (
            <>
              <div className="max-w-sm">
                <Label htmlFor="bot-tz">Time zone</Label>
                <Input
                  id="bot-tz"
                  value={draft.businessHours.timeZone}
                  onChange={(e) =>
                    set("businessHours", { ...draft.businessHours!, timeZone: e.target.value })
                  }
                />
              </div>
              <WeeklyHoursEditor
                idPrefix="bot-hours"
                value={draft.businessHours.weekly}
                onChange={(weekly) => set("businessHours", { ...draft.businessHours!, weekly })}
              />
            </>
          ) : null}
          <div>
            <Label htmlFor="bot-ooh">Out-of-hours reply</Label>
            <textarea
              id="bot-ooh"
              className={TEXTAREA}
              rows={2}
              maxLength={1000}
              value={draft.outOfHoursReply}
              onChange={(e) => set("outOfHoursReply", e.target.value)}
            />
          </div>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Hand-off to a person</CardTitle>
        </CardHeader>
        <CardContent className="space-y-3">
          <fieldset className="space-y-2">
            <legend className="mb-1 text-sm font-medium text-slate-700">Escalate when</legend>
            {(Object.keys(ESCALATION_LABELS) as (keyof TBotSettings["escalation"])[]).map((k) => (
              <label key={k} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={draft.escalation[k]}
                  onChange={(e) => set("escalation", { ...draft.escalation, [k]: e.target.checked })}
                />{" "}
                {ESCALATION_LABELS[k]}
              </label>
            ))}
          </fieldset>
          <div className="max-w-sm">
            <Label htmlFor="bot-resume">The bot speaks again</Label>
            <Select
              id="bot-resume"
              value={draft.resume}
              onChange={(e) => set("resume", e.target.value as TBotSettings["resume"])}
            >
              <option value="on_resolve">When the agent resolves the conversation</option>
              <option value="manual">Only when an agent hands back</option>
            </Select>
          </div>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>WhatsApp numbers</CardTitle>
        </CardHeader>
        <CardContent>
          {data.phoneNumbers.length === 0 ? (
            <p className="text-sm text-slate-500">
              No numbers yet. The first inbound message on the configured number adds it.
            </p>
          ) : (
            <ul className="space-y-2">
              {data.phoneNumbers.map((p) => (
                <li key={p.id}>
                  <label className="flex items-center gap-2 text-sm">
                    <input
                      type="checkbox"
                      checked={numbers[p.id] ?? false}
                      onChange={(e) => setNumbers({ ...numbers, [p.id]: e.target.checked })}
                    />
                    Bot on {p.displayPhone}
                    {p.verifiedName ? <span className="text-slate-500">({p.verifiedName})</span> : null}
                  </label>
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>

      <Button type="submit" loading={save.isPending}>
        <Save aria-hidden className="size-4" /> Save
      </Button>
    </form>
  );
}
