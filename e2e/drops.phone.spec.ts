import { expect, test } from "@playwright/test";
import { signInAs, snap } from "./helpers";

test("drops and channels work on a phone", async ({ page }) => {
  // This spec also runs on the desktop project: keep each project's pictures apart.
  const shot = (name: string) => `${test.info().project.name}-${name}`;
  await signInAs(page, "owner");
  await page.goto("/drops");
  await expect(page.getByRole("heading", { name: "Drops", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Plan a drop" })).toBeVisible();
  await expect(page.getByRole("link", { name: /Midnight Drop/ }).filter({ visible: true }).first()).toBeVisible();
  await snap(page, shot("drops"));
  // The next Midnight Drop: its feasibility reads on a phone (the table scrolls sideways).
  // A card on a phone, a table row on a desktop: whichever is shown.
  const next = page.locator("li, tr").filter({ hasText: "Midnight Drop" }).filter({ hasText: "Scheduled" }).filter({ visible: true }).first();
  await next.getByRole("link", { name: /Midnight Drop/ }).click();
  await expect(page.getByRole("heading", { name: "Feasibility" })).toBeVisible();
  await expect(page.getByText(/Stock can feed this drop|Short on \d+ component|Feasible only with resupply not sent yet/)).toBeVisible();
  // One card per component on a phone, the table on a desktop.
  const needs = page
    .getByRole("list", { name: "Components the drop needs" })
    .or(page.getByRole("table", { name: "Components the drop needs" }))
    .filter({ visible: true });
  await expect(needs).toHaveCount(1);
  await expect(needs.getByText(/^DOUGH$/)).toBeVisible();
  await needs.screenshot({ path: `screenshots/${shot("drop-feasibility")}.png` });
  await page.goto("/channels");
  await expect(page.getByRole("heading", { name: "Availability now" })).toBeVisible();
  await page.getByRole("tab", { name: /Components/ }).click();
  await expect(page.getByLabel("CREAM held for Preorder QR", { exact: true })).toHaveValue("600");
  await page.getByRole("table", { name: "Quantity held per component and channel" }).locator("..").screenshot({ path: `screenshots/${shot("channels-buffers")}.png` });
  await snap(page, shot("channels"));
});
