import { expect, test } from "@playwright/test";
import { signInAs, snap } from "./helpers";

test("the resupply board works on a phone", async ({ page }) => {
  await signInAs(page, "owner");
  await page.goto("/resupply");
  await expect(page.getByRole("heading", { name: "Resupply" })).toBeVisible();
  await expect(page.getByRole("article").first()).toBeVisible();
  await snap(page, "resupply-phone");
});
