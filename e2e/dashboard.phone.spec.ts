import { expect, test } from "@playwright/test";
import { signInAs, snap } from "./helpers";

test("the dashboard reads on a phone", async ({ page }) => {
  await signInAs(page, "owner");
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();
  await expect(page.getByTestId("kpi-revenue")).toContainText("$");
  await expect(page.getByRole("img", { name: /Stacked revenue per channel/ })).toBeVisible();
  await snap(page, "dashboard-phone");
});
