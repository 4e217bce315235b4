"use client";

import { LogIn, MessageCircle } from "lucide-react";
import { signIn } from "next-auth/react";
import { useRef, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useHydrated } from "@/components/ui/use-hydrated";

export interface SignInFormProps {
  callbackUrl: string;
  frappeEnabled: boolean;
  /** `?error=` set by next-auth when it redirects here (OAuth failures, expired sessions). */
  initialError: string | null;
}

/**
 * next-auth reports failures as a short code (e.g. "CredentialsSignin", "OAuthCallback") or, for the
 * credentials provider, the message thrown from `authorize` (our "Wrong email or password." and
 * "…locked until <ISO time>."). Codes become sentences; ISO times become the reader's local time.
 */
function describeError(error: string): string {
  const codes: Record<string, string> = {
    CredentialsSignin: "Wrong email or password.",
    SessionRequired: "Please sign in to continue.",
    OAuthSignin: "Could not start signing in with Frappe CRM. Try again.",
    OAuthCallback: "Signing in with Frappe CRM failed. Try again.",
    OAuthAccountNotLinked: "This Frappe CRM account is not linked to a user here. Ask an admin.",
    AccessDenied: "Access denied. Ask an admin to give you access.",
    Configuration: "Sign-in is misconfigured on the server. Ask an admin.",
    Default: "Could not sign in. Try again.",
  };
  if (codes[error]) return codes[error];
  return error.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g, (iso) =>
    new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }),
  );
}

export function SignInForm({ callbackUrl, frappeEnabled, initialError }: SignInFormProps) {
  const [error, setError] = useState<string | null>(initialError ? describeError(initialError) : null);
  const [pending, setPending] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  // Before hydration a submit would go out natively (GET /signin?email=…&password=…) and lose the
  // callback: the embed popup then never reaches /embed/signed-in (seen under CI load).
  const hydrated = useHydrated();

  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    try {
      const res = await signIn("credentials", {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        redirect: false,
        callbackUrl,
      });
      if (!res || res.error || !res.ok) {
        setError(describeError(res?.error ?? "Default"));
        setPending(false);
        passwordRef.current?.select();
        return;
      }
      // A full navigation, so server components render with the new session cookie.
      window.location.assign(callbackUrl);
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
      setPending(false);
    }
  };

  return (
    <div className="w-full max-w-sm">
      <div className="mb-8 flex flex-col items-center text-center">
        <span className="mb-4 flex size-12 items-center justify-center rounded-xl bg-brand-600 text-white shadow-sm">
          <MessageCircle aria-hidden className="size-6" />
        </span>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Sign in to Contact Centre</h1>
        <p className="mt-1 text-sm text-slate-500">WhatsApp chats and calls for your sales team</p>
      </div>

      <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        {/* Sign in with Frappe CRM: rendered only when the CRM issue's "frappe" provider is configured. */}
        {frappeEnabled ? (
          <>
            <Button
              variant="secondary"
              className="w-full"
              disabled={!hydrated}
              onClick={() => signIn("frappe", { callbackUrl })}
            >
              Sign in with Frappe CRM
            </Button>
            <div className="my-5 flex items-center gap-3 text-xs text-slate-400">
              <span className="h-px flex-1 bg-slate-200" />
              or with email
              <span className="h-px flex-1 bg-slate-200" />
            </div>
          </>
        ) : null}

        <form
          method="post"
          onSubmit={onSubmit}
          className="flex flex-col gap-4"
          aria-describedby={error ? "signin-error" : undefined}
        >
          {error ? (
            <Alert>
              <span id="signin-error" data-testid="signin-error">
                {error}
              </span>
            </Alert>
          ) : null}
          <div>
            <Label htmlFor="email">Email</Label>
            <Input
              id="email"
              name="email"
              type="email"
              autoComplete="username"
              inputMode="email"
              required
              autoFocus
              aria-invalid={error ? true : undefined}
            />
          </div>
          <div>
            <Label htmlFor="password">Password</Label>
            <Input
              ref={passwordRef}
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              aria-invalid={error ? true : undefined}
            />
          </div>
          <Button type="submit" className="mt-1 w-full" loading={pending} disabled={!hydrated}>
            {pending ? null : <LogIn aria-hidden className="size-4" />}
            {pending ? "Signing in…" : "Sign in"}
          </Button>
        </form>
      </div>
      <p className="mt-6 text-center text-xs text-slate-400">
        Forgot your password? Ask a workspace admin to reset it.
      </p>
    </div>
  );
}
