import { BookOpen, Bot, ChevronRight, KeyRound, ListChecks, Phone, Users } from "lucide-react";
import Link from "next/link";

const SECTIONS = [
  {
    href: "/settings/users",
    title: "Users",
    description: "Invite people, set roles, disable accounts.",
    Icon: Users,
  },
  {
    href: "/settings/phone-numbers",
    title: "WhatsApp numbers",
    description: "Numbers, access tokens, calling and bot per number.",
    Icon: Phone,
  },
  {
    href: "/settings/bot",
    title: "Bot",
    description: "Engine, persona, business hours, escalation rules and a test console.",
    Icon: Bot,
  },
  {
    href: "/settings/knowledge",
    title: "Knowledge base",
    description: "Questions and answers the bot replies from.",
    Icon: BookOpen,
  },
  {
    href: "/settings/api-keys",
    title: "API keys",
    description: "Keys for scripts and integrations.",
    Icon: KeyRound,
  },
  {
    href: "/settings/jobs",
    title: "Jobs",
    description: "Background work, retries and failed jobs.",
    Icon: ListChecks,
  },
] as const;

export function SettingsIndex() {
  return (
    <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
      {SECTIONS.map(({ href, title, description, Icon }) => (
        <li key={href}>
          <Link
            href={href}
            className="group flex h-full items-start gap-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm transition hover:border-brand-500/50 hover:shadow focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
          >
            <span className="flex size-10 shrink-0 items-center justify-center rounded-lg bg-brand-50 text-brand-700">
              <Icon aria-hidden className="size-5" />
            </span>
            <span className="min-w-0 flex-1">
              <span className="block font-semibold text-slate-900">{title}</span>
              <span className="mt-0.5 block text-sm text-slate-500">{description}</span>
            </span>
            <ChevronRight
              aria-hidden
              className="mt-1 size-4 text-slate-400 transition group-hover:translate-x-0.5"
            />
          </Link>
        </li>
      ))}
    </ul>
  );
}
