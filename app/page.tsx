import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { principalFromCookies } from "@/lib/auth/principal";

/** `/` → the inbox when signed in, else the sign-in page. */
export default async function Home() {
  const jar = Object.fromEntries((await cookies()).getAll().map((c) => [c.name, c.value]));
  const principal = await principalFromCookies(jar);
  redirect(principal ? "/inbox" : "/signin");
}
