import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { DIRECT_CLIENT } from "../domain/throttle";
import { createTestShop, type TestShop } from "../testing/fixtures";
import { signInWithPassword } from "./sign-in";

let a: TestShop;

beforeAll(async () => {
  a = await createTestShop("Sign-in throttle");
});

async function outcome(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "OK",
    (error: { code?: string }) => error.code ?? "ERROR",
  );
}

describe("sign-in throttle under parallel attempts", () => {
  it("lets at most the limit of 20 parallel wrong guesses be checked, then refuses even the right password", async () => {
    const email = a.users.manager.email;
    const results = await Promise.all(
      Array.from({ length: 20 }, () => outcome(signInWithPassword(db, { email, password: "wrong", ip: "10.1.0.1", maxFailures: 5 }))),
    );
    // UNAUTHORIZED means the password was actually checked; the rest never reached scrypt.
    expect(results.filter((r) => r === "UNAUTHORIZED")).toHaveLength(5);
    expect(results.filter((r) => r === "RATE_LIMITED")).toHaveLength(15);
    await expect(signInWithPassword(db, { email, password: "member-password", ip: "10.1.0.2", maxFailures: 5 })).rejects.toMatchObject({
      code: "RATE_LIMITED",
      details: { retryAfterSeconds: expect.any(Number) },
    });
    const bucket = await db.authThrottle.findUniqueOrThrow({ where: { key: `signin:email:${email}` } });
    expect(bucket.failures).toBe(5);
    expect(bucket.lockedUntil).not.toBeNull();
  });

  it("caps guesses spread over many emails from one address", async () => {
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        outcome(signInWithPassword(db, { email: `nobody${i}@test.local`, password: "x", ip: "10.2.0.1", maxFailures: 5 })),
      ),
    );
    // Per address: four times the per-email limit.
    expect(results.filter((r) => r === "UNAUTHORIZED")).toHaveLength(20);
    expect(results.filter((r) => r === "RATE_LIMITED")).toHaveLength(10);
    // The owner is refused from that address, but not from another one.
    await expect(
      signInWithPassword(db, { email: a.users.owner.email, password: "owner-password", ip: "10.2.0.1", maxFailures: 5 }),
    ).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await expect(
      signInWithPassword(db, { email: a.users.owner.email, password: "owner-password", ip: "10.2.0.9", maxFailures: 5 }),
    ).resolves.toMatchObject({ shopId: a.shop.id });
  });

  it("does not lock out people sharing the direct bucket by their successful sign-ins", async () => {
    // 30 good sign-ins exceed the shared bucket's room for failures only if successes were kept.
    for (let i = 0; i < 30; i++) {
      await signInWithPassword(db, { email: a.users.staff.email, password: "member-password", ip: DIRECT_CLIENT, maxFailures: 1 });
    }
    const bucket = await db.authThrottle.findUnique({ where: { key: `signin:ip:${DIRECT_CLIENT}` } });
    expect(bucket?.failures ?? 0).toBe(0);
  });

  it("resets the per-email count after a correct password", async () => {
    const email = a.users.staff.email;
    for (let i = 0; i < 2; i++) {
      await expect(signInWithPassword(db, { email, password: "nope", ip: "10.3.0.1", maxFailures: 3 })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    }
    await signInWithPassword(db, { email, password: "member-password", ip: "10.3.0.1", maxFailures: 3 });
    // Two more failures do not lock (the count started again), the third does.
    for (let i = 0; i < 3; i++) {
      await expect(signInWithPassword(db, { email, password: "nope", ip: "10.3.0.1", maxFailures: 3 })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    }
    await expect(signInWithPassword(db, { email, password: "member-password", ip: "10.3.0.1", maxFailures: 3 })).rejects.toMatchObject({
      code: "RATE_LIMITED",
    });
  });
});
