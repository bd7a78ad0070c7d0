import { expect, test } from "@playwright/test";
import { signInAs, snap } from "./helpers";

test("holding a buffer for one channel lowers what the others may sell", async ({ page }) => {
  await signInAs(page, "owner");
  await page.goto("/channels");
  await expect(page.getByRole("heading", { name: "Channels", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Availability now" })).toBeVisible();
  // The seed holds 12 glazed for preorder QR at the main store.
  await expect(page.getByLabel("GLAZED held for Preorder QR")).toHaveValue("12");
  const table = page.getByRole("table", { name: "Availability per channel" });
  const row = table.getByRole("row").filter({ hasText: /^GLAZED/ });
  const onlineBefore = Number(await row.getByRole("cell").nth(3).innerText());
  const cell = page.getByLabel("GLAZED held for Event");
  await cell.fill("10");
  await cell.press("Enter");
  await expect(row.getByRole("cell").nth(3)).toHaveText(String(Math.max(0, onlineBefore - 10)));
  await snap(page, "channels");
});
