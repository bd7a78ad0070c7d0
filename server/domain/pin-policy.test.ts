import { describe, expect, it } from "vitest";
import { assertPinAllowed, mayUsePin, pinProblem } from "./pin-policy";

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
