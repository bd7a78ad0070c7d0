import type { DbTx } from "../db";
import { DomainError } from "../domain/errors";
import { isRole, type Role } from "../domain/roles";
import { clientFailureLimit } from "../domain/throttle";
import { DUMMY_HASH, verifySecret } from "../auth/password";
import { clearSignInFailures, releaseSignInAttempt, reserveSignInAttempts } from "./auth-throttle";

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  shopId: string;
  shopName: string;
  role: Role;
};

/**
 * Email + password sign-in, throttled per email and per client address (see
 * domain/throttle#clientAddress for what `ip` is). The attempt is counted before the password is
 * checked, so parallel guesses cannot outrun the limit. Wrong email and wrong password look
 * identical to the caller. The user lands in the shop they used last.
 */
export async function signInWithPassword(
  db: DbTx,
  input: { email: string; password: string; ip: string; maxFailures: number },
): Promise<SessionUser> {
  const email = input.email.trim().toLowerCase();
  const emailKey = `signin:email:${email}`;
  const ipKey = `signin:ip:${input.ip}`;
  const wait = await reserveSignInAttempts(db, [
    { key: emailKey, max: input.maxFailures },
    { key: ipKey, max: clientFailureLimit(input.ip, input.maxFailures) },
  ]);
  if (wait > 0) {
    throw new DomainError("RATE_LIMITED", `Too many sign-in attempts. Try again in ${Math.ceil(wait / 60)} min.`, {
      retryAfterSeconds: wait,
    });
  }
  const user = await db.user.findUnique({
    where: { email },
    select: {
      id: true,
      email: true,
      name: true,
      passwordHash: true,
      memberships: {
        select: { id: true, shopId: true, role: true, shop: { select: { name: true } } },
        orderBy: [{ lastActiveAt: { sort: "desc", nulls: "last" } }, { createdAt: "asc" }],
        take: 1,
      },
    },
  });
  const ok = await verifySecret(input.password, user?.passwordHash ?? DUMMY_HASH);
  const membership = user?.memberships[0];
  if (!user || !ok || !membership || !isRole(membership.role)) {
    throw new DomainError("UNAUTHORIZED", "Email or password is incorrect.");
  }
  await clearSignInFailures(db, emailKey);
  await releaseSignInAttempt(db, ipKey);
  await db.membership.update({ where: { id: membership.id }, data: { lastActiveAt: new Date() } });
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    shopId: membership.shopId,
    shopName: membership.shop.name,
    role: membership.role,
  };
}
