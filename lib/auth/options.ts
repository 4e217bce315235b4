import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/core/app-error";
import { env } from "@/lib/core/env";
import { authenticatePassword } from "./authenticate-password";
import { frappeProvider, type FrappeSignInUser } from "./frappe-provider";
import { isRole, type Role } from "./roles";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name: string; role: Role; workspaceId: string };
  }
  interface User {
    role: Role;
    workspaceId: string;
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    role?: Role;
    workspaceId?: string;
  }
}

/**
 * next-auth configuration: JWT sessions, local credentials. Further providers (Frappe OAuth, in the
 * CRM issue) are added to `providers` here; they must resolve to a local User so that role and
 * workspace come from our database, never from the identity provider alone.
 */
export function authOptions(): NextAuthOptions {
  const e = env();
  const frappe = frappeProvider();
  return {
    secret: e.nextAuthSecret,
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const email = credentials?.email ?? "";
          const password = credentials?.password ?? "";
          if (!email || !password) throw new Error("Enter your email and password.");
          const ip = headerValue(req?.headers, "x-forwarded-for")?.split(",")[0]?.trim() ?? null;
          try {
            const user = await authenticatePassword(email, password, ip);
            return user;
          } catch (err) {
            // next-auth passes the thrown message to the sign-in page as `error`.
            if (err instanceof AppError) throw new Error(err.userMessage);
            throw err;
          }
        },
      }),
      ...(frappe ? [frappe] : []),
    ],
    callbacks: {
      // Frappe sign-ins that resolved to no local user (no mapped role, no account) go back to
      // /signin with the reason, which the form shows as is.
      async signIn({ user, account }) {
        const refused = account?.provider === "frappe" ? (user as unknown as FrappeSignInUser).refused : undefined;
        return refused ? `/signin?error=${encodeURIComponent(refused)}` : true;
      },
      async jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.role = user.role;
          token.workspaceId = user.workspaceId;
        }
        return token;
      },
      async session({ session, token }) {
        if (token.uid && isRole(token.role) && token.workspaceId) {
          session.user = {
            id: token.uid,
            email: token.email ?? "",
            name: token.name ?? "",
            role: token.role,
            workspaceId: token.workspaceId,
          };
        }
        return session;
      },
    },
    events: {
      async signOut({ token }) {
        if (token?.uid) {
          await recordAudit({ workspaceId: token.workspaceId, actorId: token.uid, action: "auth.signed_out" });
        }
      },
    },
  };
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const v = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(v) ? v[0] : v;
}
