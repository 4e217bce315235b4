import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { authOptions } from "@/lib/auth/options";
import { principalFromCookies } from "@/lib/auth/principal";
import { env } from "@/lib/core/env";
import { safeCallbackUrl } from "./safe-callback";
import { SignInForm } from "./sign-in-form";

export const metadata = { title: "Sign in" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const callbackUrl = safeCallbackUrl(first(sp.callbackUrl), env().appUrl);

  const jar = Object.fromEntries((await cookies()).getAll().map((c) => [c.name, c.value]));
  if (await principalFromCookies(jar)) redirect(callbackUrl);

  // The CRM issue registers a next-auth provider with id "frappe"; the button shows only then.
  const frappeEnabled = authOptions().providers.some((p) => p.id === "frappe");
  return (
    <SignInForm
      callbackUrl={callbackUrl}
      frappeEnabled={frappeEnabled}
      initialError={first(sp.error) ?? null}
    />
  );
}
