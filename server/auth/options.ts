import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "../db";
import { env } from "../env";
import { isDomainError } from "../domain/errors";
import { isRole } from "../domain/roles";
import { clientAddress } from "../domain/throttle";
import { signInWithPassword, type SessionUser } from "../services/sign-in";
import { signInClaims } from "../domain/pin-policy";
import { isSessionStillValid, signInWithPin } from "../services/pin-sign-in";
import { readTabletCookie } from "../services/tablet-devices";
import { switchShop } from "../services/users";

/**
 * The address sign-ins are throttled on. X-Forwarded-For is only believed when TRUST_PROXY says a
 * proxy in front of us writes it; otherwise every client shares the "direct" bucket
 * (domain/throttle#clientAddress explains why that is the safe choice).
 */
function clientIp(headers: Record<string, unknown> | undefined): string {
  const forwarded = headers?.["x-forwarded-for"];
  return clientAddress(typeof forwarded === "string" ? forwarded : undefined, env.TRUST_PROXY);
}

/** next-auth error codes passed to the sign-in page (?error=…). */
export const SIGN_IN_ERRORS = {
  CredentialsSignin: "Email or password is incorrect.",
  RateLimited: "Too many sign-in attempts. Wait a few minutes and try again.",
} as const;

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/sign-in", signOut: "/sign-out" },
  providers: [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        if (!credentials?.email || !credentials.password) return null;
        try {
          const user = await signInWithPassword(db, {
            email: credentials.email,
            password: credentials.password,
            ip: clientIp(req.headers),
            maxFailures: env.SIGNIN_MAX_FAILURES,
          });
          return user;
        } catch (error) {
          if (isDomainError(error) && error.code === "RATE_LIMITED") throw new Error("RateLimited");
          if (isDomainError(error)) return null;
          throw error;
        }
      },
    }),
    // Registered counter tablet: staff only, at a location they work at, and only from a browser
    // holding the tablet's device cookie (server/services/pin-sign-in.ts). The token it yields says
    // "pin", so the jwt callback caps it at one shift and ends it when the tablet is revoked.
    CredentialsProvider({
      id: "pin",
      name: "Tablet PIN",
      credentials: { membershipId: { type: "text" }, pin: { type: "password" } },
      async authorize(credentials, req) {
        if (!credentials?.membershipId || !credentials.pin) return null;
        try {
          return await signInWithPin(db, {
            deviceToken: readTabletCookie(req.headers?.cookie),
            membershipId: credentials.membershipId,
            pin: credentials.pin,
            maxFailures: env.SIGNIN_MAX_FAILURES,
          });
        } catch (error) {
          if (isDomainError(error) && error.code === "RATE_LIMITED") throw new Error("RateLimited");
          if (isDomainError(error)) return null;
          throw error;
        }
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user, trigger, session }) {
      if (user) {
        const u = user as unknown as SessionUser;
        token.sub = u.id;
        token.shopId = u.shopId;
        token.shopName = u.shopName;
        token.role = u.role;
        token.name = u.name;
        token.email = u.email;
        Object.assign(token, signInClaims(user, Math.floor(Date.now() / 1000)));
      }
      // The shop switcher (useSession().update({ shopId })): the browser only asks; the membership
      // is checked here, and without one the token keeps its shop. A tablet (PIN) session belongs
      // to its tablet's shop and never switches.
      if (trigger === "update" && token.sub && token.authMethod !== "pin") {
        const requested = (session as { shopId?: unknown } | null | undefined)?.shopId;
        if (typeof requested === "string" && requested !== token.shopId) {
          try {
            const next = await switchShop(db, token.sub, requested);
            token.shopId = next.shopId;
            token.shopName = next.shopName;
            token.role = next.role;
          } catch (error) {
            if (!isDomainError(error)) throw error;
          }
        }
      }
      // An over-age or revoked-tablet PIN session loses its identity: the caller reads as signed out.
      return (await isSessionStillValid(db, token)) ? token : {};
    },
    session({ session, token }) {
      const role = isRole(token.role) ? token.role : "STAFF";
      session.user = {
        id: token.sub ?? "",
        email: token.email ?? "",
        name: token.name ?? "",
        shopId: typeof token.shopId === "string" ? token.shopId : "",
        shopName: typeof token.shopName === "string" ? token.shopName : "",
        role,
      };
      return session;
    },
  },
};
