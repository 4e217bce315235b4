import { ShieldAlert } from "lucide-react";
import Link from "next/link";

/** The 403 state a page renders itself when the signed-in role may not open it. */
export function ForbiddenView({ role }: { role: string }) {
  return (
    <section aria-labelledby="forbidden-title" className="mx-auto mt-10 max-w-lg text-center">
      <div className="mx-auto mb-5 flex size-14 items-center justify-center rounded-full bg-red-50 text-red-600">
        <ShieldAlert aria-hidden className="size-7" />
      </div>
      <p className="text-sm font-semibold text-red-600">403 · Forbidden</p>
      <h1 id="forbidden-title" className="mt-1 text-2xl font-semibold tracking-tight text-slate-900">
        You don&apos;t have access to this page
      </h1>
      <p className="mt-2 text-sm text-slate-500">
        Your role (<span className="font-medium text-slate-700">{role}</span>) can&apos;t open this page. If
        you need it, ask a workspace admin to change your role.
      </p>
      <Link
        href="/inbox"
        className="mt-6 inline-flex h-10 items-center rounded-md bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
      >
        Go to the inbox
      </Link>
    </section>
  );
}
