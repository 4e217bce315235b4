import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { SoftphoneProvider } from "@/components/softphone/softphone-provider";
import { principalFromCookies } from "@/lib/auth/principal";
import { can, navFor } from "@/lib/auth/roles";

/**
 * The signed-in frame. It only needs the principal to draw the navigation; each page checks access
 * itself with requirePage() (a layout is not re-run on client navigation, so it cannot guard pages).
 * Without a session it renders the page bare and lets the page redirect: only the page knows its
 * own path for `?callbackUrl=`, and a redirect from here would win the race and drop it.
 */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const jar = Object.fromEntries((await cookies()).getAll().map((c) => [c.name, c.value]));
  const principal = await principalFromCookies(jar);
  if (!principal) return <>{children}</>;
  const nav = navFor(principal.role).map(({ href, label }) => ({ href, label }));
  return (
    <AppShell user={{ name: principal.name, email: principal.email ?? "", role: principal.role }} nav={nav}>
      {/* The softphone lives here so a call survives navigation between pages. */}
      {principal.userId && can(principal.role, "calls:use") ? (
        <SoftphoneProvider userId={principal.userId}>{children}</SoftphoneProvider>
      ) : (
        children
      )}
    </AppShell>
  );
}
