import { expect, test } from "@playwright/test";
import { signInAs, snap } from "./helpers";

test("the dashboard reads on a phone", async ({ page }) => {
  await signInAs(page, "owner");
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();
  await expect(page.getByTestId("kpi-revenue")).toContainText("$");
  await expect(page.getByRole("img", { name: /Stacked revenue per channel/ })).toBeVisible();
  // Each definition button is a finger-sized target.
  const info = page.getByRole("button", { name: "How Revenue is defined" }).first();
  const box = await info.boundingBox();
  expect(box?.width).toBeGreaterThanOrEqual(40);
  expect(box?.height).toBeGreaterThanOrEqual(40);
  await info.click();
  await expect(page.getByRole("note").filter({ hasText: "Net sales" })).toBeVisible();
  await snap(page, "dashboard-phone");
});
