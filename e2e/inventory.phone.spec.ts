import { expect, test } from "@playwright/test";
import { signInAs, snap } from "./helpers";

test("kiosk staff record waste and a delivery on a phone", async ({ page }) => {
  await signInAs(page, "staffKiosk");
  await page.goto("/stock");
  await expect(page.getByRole("heading", { name: "Stock counts", level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: /Paper bag/ })).toBeVisible();
  await snap(page, "phone-stock");

  await page.getByRole("radio", { name: "Waste" }).click();
  await page.getByRole("button", { name: /Paper bag/ }).click();
  await page.getByRole("button", { name: "Record waste" }).click();
  await expect(page.getByText("Say why it was wasted")).toBeVisible();
  await page.getByLabel("Quantity wasted (pc)").fill("2");
  await page.getByLabel("Reason").selectOption("damaged");
  await page.getByRole("button", { name: "Record waste" }).click();
  await expect(page.getByTestId("stock-flash")).toContainText("Paper bag: on hand now");

  await page.getByRole("radio", { name: "Receive" }).click();
  await page.getByRole("combobox", { name: "Component" }).selectOption({ label: "Paper bag (BAG)" });
  await page.getByLabel("Quantity received (pc)").fill("2");
  await page.getByRole("button", { name: "Record receipt" }).click();
  await expect(page.getByTestId("stock-flash")).toContainText("Paper bag: on hand now");
  await snap(page, "phone-stock-recorded");
});

test("the owner reads stock and kits on a phone", async ({ page }) => {
  await signInAs(page, "owner");
  await page.goto("/inventory");
  await expect(page.getByRole("heading", { name: "Stock by location" })).toBeVisible();
  await expect(page.getByTestId("ledger-check")).toContainText("Balances equal the ledger");
  await snap(page, "phone-inventory");
  await page.getByRole("tab", { name: "Products & kits" }).click();
  await page.getByRole("button", { name: "Edit MIDNIGHT-BOX-4" }).click();
  await expect(page.getByRole("dialog", { name: "Edit MIDNIGHT-BOX-4" }).getByTestId("kit-margin")).toBeVisible();
  await snap(page, "phone-kit-editor");
});
