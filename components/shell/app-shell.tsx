"use client";

import { Menu as MenuIcon, MessageCircle, X } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { AdminAlerts } from "./admin-alerts";
import { NAV_ICONS } from "./nav-icons";
import { Providers } from "./providers";
import { UserMenu, type ShellUser } from "./user-menu";

export interface ShellNavItem {
  href: string;
  label: string;
}

export interface AppShellProps {
  user: ShellUser;
  /** Already filtered by role on the server (navFor). */
  nav: ShellNavItem[];
  children: ReactNode;
}

/**
 * The signed-in frame: a sidebar on wide screens, a top bar with a slide-over menu on phones. There is
 * a single <nav aria-label="Main"> element in both layouts.
 */
export function AppShell({ user, nav, children }: AppShellProps) {
  const pathname = usePathname();
  // The phone menu remembers the path it was opened on, so navigating anywhere closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const mobileOpen = openOn === pathname;
  const setMobileOpen = (open: boolean) => setOpenOn(open ? pathname : null);

  useEffect(() => {
    if (!mobileOpen) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpenOn(null);
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [mobileOpen]);

  return (
    <Providers>
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      <div className="min-h-screen md:flex">
        {/* Top bar (phones) */}
        <header className="sticky top-0 z-30 flex h-14 items-center justify-between border-b border-slate-200 bg-white px-3 md:hidden">
          <button
            type="button"
            onClick={() => setMobileOpen(!mobileOpen)}
            aria-expanded={mobileOpen}
            aria-controls="main-nav"
            aria-label={mobileOpen ? "Close navigation" : "Open navigation"}
            className="rounded-md p-2 text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-600"
          >
            {mobileOpen ? <X aria-hidden className="size-5" /> : <MenuIcon aria-hidden className="size-5" />}
          </button>
          <Brand />
          <UserMenu user={user} compact />
        </header>

        {mobileOpen ? (
          <div
            aria-hidden
            className="fixed inset-x-0 top-14 bottom-0 z-30 bg-slate-900/30 md:hidden"
            onClick={() => setMobileOpen(false)}
          />
        ) : null}

        {/* Sidebar (wide screens) / slide-over (phones) */}
        <aside
          className={cn(
            // On phones the panel slides out below the top bar, so its close button stays reachable.
            "fixed top-14 bottom-0 left-0 z-40 w-64 flex-col border-r border-slate-200 bg-white shadow-xl md:sticky md:top-0 md:flex md:h-screen md:shrink-0 md:shadow-none",
            mobileOpen ? "flex" : "hidden",
          )}
        >
          <div className="hidden h-16 items-center border-b border-slate-100 px-5 md:flex">
            <Brand />
          </div>
          <nav id="main-nav" aria-label="Main" className="flex-1 overflow-y-auto px-3 py-4">
            <ul className="flex flex-col gap-1">
              {nav.map((item) => {
                const Icon = NAV_ICONS[item.href];
                const active = pathname === item.href || pathname.startsWith(item.href + "/");
                return (
                  <li key={item.href}>
                    <Link
                      href={item.href}
                      aria-current={active ? "page" : undefined}
                      className={cn(
                        "flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium transition-colors",
                        "focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-600",
                        active
                          ? "bg-brand-50 text-brand-700"
                          : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
                      )}
                    >
                      {Icon ? <Icon aria-hidden className="size-4.5" /> : null}
                      {item.label}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </nav>
          <div className="hidden border-t border-slate-100 p-3 md:block">
            <UserMenu user={user} />
          </div>
        </aside>

        <main id="main" className="min-w-0 flex-1 px-4 py-6 sm:px-6 lg:px-10 lg:py-8">
          {user.role === "admin" ? <AdminAlerts /> : null}
          {children}
        </main>
      </div>
    </Providers>
  );
}

function Brand() {
  return (
    <Link
      href="/inbox"
      className="flex items-center gap-2 rounded-md font-semibold text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-600"
    >
      <span className="flex size-8 items-center justify-center rounded-lg bg-brand-600 text-white">
        <MessageCircle aria-hidden className="size-4.5" />
      </span>
      <span>Contact Centre</span>
    </Link>
  );
}
