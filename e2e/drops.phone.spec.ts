import { expect, test, type Page } from "@playwright/test";
import { signInAs, snap } from "./helpers";

/** A card (section) by its heading, for a screenshot of just that part of a long phone page. */
// The innermost section holding the heading (the page layout may wrap everything in one too).
const card = (page: Page, heading: string) => page.locator("section").filter({ has: page.getByRole("heading", { name: heading, exact: true }) }).last();

test("drops and channels work on a phone", async ({ page }) => {
  await signInAs(page, "owner");
  await page.goto("/drops");
  await expect(page.getByRole("heading", { name: "Drops", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Plan a drop" })).toBeVisible();
  await snap(page, "phone-drops");
  // The next Midnight Drop: its feasibility reads on a phone (the table scrolls sideways).
  // A card on a phone, a table row on a desktop: whichever is shown.
  const next = page.locator("li, tr").filter({ hasText: "Midnight Drop" }).filter({ hasText: "Scheduled" }).filter({ visible: true }).first();
  await next.getByRole("link", { name: /Midnight Drop/ }).click();
  await expect(page.getByRole("heading", { name: "Feasibility" })).toBeVisible();
  await expect(page.getByText(/Stock can feed this drop|Short on \d+ component|Feasible only with resupply not sent yet/)).toBeVisible();
  await card(page, "Feasibility").screenshot({ path: "screenshots/phone-drop-feasibility.png" });
  await page.goto("/channels");
  await expect(page.getByRole("heading", { name: "Availability now" })).toBeVisible();
  await page.getByRole("tab", { name: /Components/ }).click();
  await expect(page.getByLabel("CREAM held for Preorder QR", { exact: true })).toHaveValue("600");
  await card(page, "Buffers held per channel").screenshot({ path: "screenshots/phone-channels-buffers.png" });
  await snap(page, "phone-channels");
});
