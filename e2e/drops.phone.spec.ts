import { expect, test } from "@playwright/test";
import { signInAs, snap } from "./helpers";

test("drops and channels work on a phone", async ({ page }) => {
  await signInAs(page, "owner");
  await page.goto("/drops");
  await expect(page.getByRole("heading", { name: "Drops", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Plan a drop" })).toBeVisible();
  await snap(page, "phone-drops");
  await page.goto("/channels");
  await expect(page.getByRole("heading", { name: "Availability now" })).toBeVisible();
  await snap(page, "phone-channels");
});
