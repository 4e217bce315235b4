import { notFound } from "next/navigation";
import { PhoneSimulator } from "@/components/phone/phone-simulator";
import { Toaster } from "@/components/ui/toaster";
import { SANDBOX_DEFAULTS, whatsappConfig } from "@/lib/whatsapp/config";

export const metadata = { title: "Phone simulator" };
export const dynamic = "force-dynamic";

/**
 * The sandbox's phone simulator: no dashboard sign-in (the person using it plays a customer), and
 * only in sandbox mode — with real Meta credentials there is nothing to simulate, so it is a 404.
 */
export default async function SandboxPhonePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  if (!whatsappConfig().sandboxMode) notFound();
  const user = (await searchParams).user;
  return (
    <>
      <PhoneSimulator
        businessName={SANDBOX_DEFAULTS.verifiedName}
        businessNumber={SANDBOX_DEFAULTS.displayPhoneNumber}
        initialUser={typeof user === "string" && user ? user.slice(0, 140) : null}
      />
      <Toaster />
    </>
  );
}
