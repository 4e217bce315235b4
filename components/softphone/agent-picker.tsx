"use client";

import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/components/shell/api-fetch";
import { listTransferTargets, type TransferTarget } from "@/lib/softphone-client/agents-api";

/**
 * Online agents to transfer to (cold: hand over now; warm: customer on hold while you talk to the
 * agent first) or to add as a third participant.
 */
export function AgentPicker({
  selfId,
  mode,
  onPick,
  busy,
}: {
  selfId: string;
  mode: "transfer" | "add";
  onPick: (agentId: string, how: "cold" | "warm" | "add") => void;
  busy: boolean;
}) {
  const [agents, setAgents] = useState<TransferTarget[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    listTransferTargets(selfId).then(
      (a) => live && setAgents(a),
      (err) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [selfId]);

  if (error) return <p className="mt-2 text-xs text-red-700">Could not load agents: {error}</p>;
  if (!agents) return <Spinner className="mx-auto mt-3" label="Loading agents" />;
  if (agents.length === 0) return <p className="mt-2 text-xs text-slate-500">No other agent is online right now.</p>;
  return (
    <ul className="mt-2 max-h-44 space-y-1 overflow-y-auto" aria-label={mode === "transfer" ? "Transfer to" : "Add to the call"}>
      {agents.map((a) => (
        <li key={a.id} className="flex items-center justify-between gap-2 rounded-md px-2 py-1 hover:bg-slate-50">
          <span className="min-w-0 truncate text-sm">
            {a.name}
            {a.busy ? <span className="ml-1 text-xs text-amber-700">(on a call)</span> : null}
          </span>
          {mode === "transfer" ? (
            <span className="flex gap-1">
              <Button size="sm" variant="secondary" disabled={busy} onClick={() => onPick(a.id, "warm")} aria-label={`Warm transfer to ${a.name}`}>
                Warm
              </Button>
              <Button size="sm" variant="secondary" disabled={busy} onClick={() => onPick(a.id, "cold")} aria-label={`Cold transfer to ${a.name}`}>
                Cold
              </Button>
            </span>
          ) : (
            <Button size="sm" variant="secondary" disabled={busy} onClick={() => onPick(a.id, "add")} aria-label={`Add ${a.name}`}>
              Add
            </Button>
          )}
        </li>
      ))}
    </ul>
  );
}
