import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";

/**
 * next-auth 4 in the app router. The options are built per request rather than at module load so
 * that env() (secrets, NEXTAUTH_URL) is read when the server runs, not when `next build` imports
 * this file.
 */
type Ctx = { params: Promise<{ nextauth: string[] }> };

function handler(req: Request, ctx: Ctx): Promise<Response> {
  return NextAuth(req as never, ctx, authOptions());
}

export { handler as GET, handler as POST };
