import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { EmbedSignedIn } from "@/components/crm/embed-signed-in";
import { principalFromCookies } from "@/lib/auth/principal";
import { mintEmbedHandoff } from "@/lib/crm/embed-handoff";

export const metadata = { title: "Signed in" };
export const dynamic = "force-dynamic";

/** The sign-in popup's last stop (top-level, first-party): mint the iframe's handoff code. */
export default async function EmbedSignedInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const nonce = typeof sp.nonce === "string" && /^[a-f0-9]{32}$/.test(sp.nonce) ? sp.nonce : null;
  if (!nonce) return <main className="p-6 text-sm">This page is opened by the CRM&apos;s WhatsApp panel.</main>;
  const jar = Object.fromEntries((await cookies()).getAll().map((c) => [c.name, c.value]));
  const principal = await principalFromCookies(jar);
  if (!principal?.userId) redirect(`/signin?callbackUrl=${encodeURIComponent(`/embed/signed-in?nonce=${nonce}`)}`);
  return <EmbedSignedIn code={mintEmbedHandoff({ userId: principal.userId, nonce })} nonce={nonce} />;
}
