"use client";

import { Dialog } from "@/components/ui/dialog";

export const SHORTCUTS: { keys: string[]; action: string }[] = [
  { keys: ["j", "↓"], action: "Next conversation" },
  { keys: ["k", "↑"], action: "Previous conversation" },
  { keys: ["/"], action: "Search conversations" },
  { keys: ["r"], action: "Reply (focus the composer)" },
  { keys: ["e"], action: "Resolve / reopen" },
  { keys: ["a"], action: "Assign" },
  { keys: ["Enter"], action: "Send (Shift+Enter for a new line)" },
  { keys: ["Esc"], action: "Leave the composer" },
  { keys: ["?"], action: "Show this list" },
];

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title="Keyboard shortcuts">
      <table className="w-full text-sm">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.action} className="border-b border-slate-100 last:border-0">
              <td className="py-1.5 pr-4 whitespace-nowrap">
                {s.keys.map((k) => (
                  <kbd
                    key={k}
                    className="mr-1 rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs"
                  >
                    {k}
                  </kbd>
                ))}
              </td>
              <td className="py-1.5 text-slate-700">{s.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
