import { expect, test } from "@playwright/test";
import { signInAs, snap } from "./helpers";

test("the owner reads orders and the unmapped inbox on a phone", async ({ page }) => {
  await signInAs(page, "owner");
  await page.goto("/orders");
  await expect(page.getByRole("heading", { name: "Orders", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: /Unmapped SKUs/ })).toBeVisible();
  await expect(page.getByRole("table", { name: "Orders" })).toBeVisible();
  await snap(page, "phone-orders");
});
