import { describe, expect, it } from "vitest";
import { assertPinAllowed, isPinSessionOver, mayUsePin, PIN_SESSION_MAX_SECONDS, pinLimits, pinProblem, recordPinFailure, signInClaims } from "./pin-policy";

describe("pinProblem", () => {
  it.each([
    ["2580", null],
    ["90210", null],
    ["13579246", null],
    ["123", "Use 4 to 8 digits."],
    ["123456789", "Use 4 to 8 digits."],
    ["12a4", "Use 4 to 8 digits."],
    ["0000", "Avoid a PIN of one repeated digit."],
    ["1234", "Avoid a straight run like 1234."],
    ["9876", "Avoid a straight run like 1234."],
  ])("%s → %s", (pin, problem) => expect(pinProblem(pin)).toBe(problem));
  it("assertPinAllowed throws a field error", () => {
    expect(() => assertPinAllowed("1111")).toThrow("repeated");
  });
});

describe("mayUsePin", () => {
  it.each([
    ["STAFF", true],
    ["MANAGER", false],
    ["OWNER", false],
    ["", false],
  ])("%s → %s", (role, ok) => expect(mayUsePin(role)).toBe(ok));
});

describe("PIN failure buckets", () => {
  const t0 = new Date("2030-01-01T10:00:00Z");
  const at = (ms: number) => new Date(t0.getTime() + ms);
  const limit = { max: 3, windowMs: 60_000 };

  it("locks on the max-th failure of a window until the window ends", () => {
    let bucket = recordPinFailure(null, t0, limit);
    bucket = recordPinFailure(bucket, at(10_000), limit);
    expect(bucket).toEqual({ failures: 2, windowStart: t0, lockedUntil: null });
    bucket = recordPinFailure(bucket, at(20_000), limit);
    expect(bucket.lockedUntil).toEqual(at(60_000));
  });

  it("opens a fresh window once the old one has passed", () => {
    expect(recordPinFailure({ failures: 2, windowStart: t0, lockedUntil: null }, at(60_000), limit)).toEqual({ failures: 1, windowStart: at(60_000), lockedUntil: null });
  });

  it("scales every limit from the sign-in setting: person, person per day, tablet", () => {
    expect(pinLimits(5).map((l) => [l.scope, l.max, l.windowMs / 60_000])).toEqual([
      ["person", 5, 15],
      ["person-day", 15, 1440],
      ["device", 10, 15],
    ]);
  });
});

describe("PIN session claims", () => {
  it("stamps pin sign-ins with where and when, and caps them at one shift", () => {
    expect(signInClaims({ authMethod: "pin", tabletDeviceId: "d1" }, 1000)).toEqual({ authMethod: "pin", authAt: 1000, tabletDeviceId: "d1" });
    // A pin claim without a device is not a pin session at all.
    expect(signInClaims({ authMethod: "pin" }, 1000)).toEqual({ authMethod: "password", authAt: 1000 });
    expect(isPinSessionOver({ authMethod: "pin", authAt: 1000 }, 1000 + PIN_SESSION_MAX_SECONDS - 1)).toBe(false);
    expect(isPinSessionOver({ authMethod: "pin", authAt: 1000 }, 1000 + PIN_SESSION_MAX_SECONDS)).toBe(true);
    expect(isPinSessionOver({ authMethod: "pin" }, 1000)).toBe(true);
    expect(isPinSessionOver({ authMethod: "password", authAt: 0 }, 10 ** 9)).toBe(false);
  });
});
