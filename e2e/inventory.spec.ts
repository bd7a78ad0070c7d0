import { expect, test } from "@playwright/test";
import { signInAs, snap } from "./helpers";

test("the owner edits a kit and sees its exploded cost and margin", async ({ page }) => {
  await signInAs(page, "owner");
  await page.goto("/inventory");
  await expect(page.getByRole("heading", { name: "Inventory", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Stock by location" })).toBeVisible();
  await snap(page, "inventory-stock");

  await page.getByRole("tab", { name: "Products & kits" }).click();
  await expect(page.getByRole("cell", { name: "MIDNIGHT-BOX-4", exact: true })).toBeVisible();
  await snap(page, "inventory-products");
  await page.getByRole("button", { name: "Edit CRULLER" }).click();
  const dialog = page.getByRole("dialog", { name: "Edit CRULLER" });
  await expect(dialog.getByTestId("kit-cost")).toBeVisible();
  const before = await dialog.getByTestId("kit-cost").textContent();

  await dialog.getByLabel("Add component or product").fill("hazel");
  await dialog.getByRole("option", { name: /Hazelnut cocoa spread/ }).click();
  await dialog.getByLabel("Quantity of NUTELLA").fill("0");
  await dialog.getByRole("button", { name: "Save product" }).click();
  await expect(dialog.getByText("Quantity must be at least 1")).toBeVisible();

  await dialog.getByLabel("Quantity of NUTELLA").fill("12");
  await expect(dialog.getByRole("cell", { name: "Hazelnut cocoa spread" })).toBeVisible();
  await expect(dialog.getByTestId("kit-cost")).not.toHaveText(before ?? "");
  await snap(page, "inventory-kit-editor");
  await dialog.getByRole("button", { name: "Save product" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(/12 g NUTELLA/)).toBeVisible();
});

test("a manager records a count and finds it in the component's history", async ({ page }) => {
  await signInAs(page, "manager");
  await page.goto("/inventory");
  await page.getByRole("combobox", { name: "Location" }).selectOption({ label: "Saturday market pop-up" });
  await page.getByRole("searchbox", { name: "Filter components" }).fill("Paper bag");
  await page.getByRole("button", { name: "count BAG at Saturday market pop-up" }).click();
  const dialog = page.getByRole("dialog", { name: "Count at Saturday market pop-up" });
  await dialog.getByRole("button", { name: "Record count" }).click();
  await expect(dialog.getByText("Enter a whole number")).toBeVisible();
  await dialog.getByLabel("Counted on hand (pc)").fill("140");
  await dialog.getByRole("button", { name: "Record count" }).click();
  await expect(page.getByTestId("stock-flash")).toHaveText("Paper bag: on hand now 140 pc");
  await expect(page.getByRole("cell", { name: "140 pc" })).toBeVisible();

  await page.getByRole("link", { name: /Paper bag/ }).first().click();
  await expect(page.getByRole("heading", { name: "Paper bag" })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: "Count adjustment" }).first();
  await expect(row).toContainText("Marco Manager");
  await expect(row).toContainText("-10 pc");
  await snap(page, "inventory-component-history");
});

test("staff cannot open the inventory page", async ({ page }) => {
  await signInAs(page, "staff");
  const response = await page.goto("/inventory");
  expect(response?.status()).toBe(403);
});

test("the owner imports a count sheet after a preview that lists row errors", async ({ page }) => {
  await signInAs(page, "owner");
  await page.goto("/inventory");
  await page.getByRole("tab", { name: "Import & export" }).click();
  await page.getByRole("combobox", { name: "What" }).selectOption({ label: "Stock counts" });
  const file = page.getByLabel("Import a CSV file");
  await file.setInputFiles({
    name: "counts-bad.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("location,component,counted\nhub,BAG,880\nhub,NOT-A-THING,3\n"),
  });
  await expect(page.getByTestId("csv-errors")).toContainText("Row 3: unknown component NOT-A-THING");
  await expect(page.getByRole("button", { name: "Fix the errors to apply" })).toBeDisabled();
  await snap(page, "inventory-csv-errors");

  await page.getByLabel("Import a CSV file").setInputFiles({
    name: "counts.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("location,component,counted\nhub,BAG,880\n"),
  });
  await expect(page.getByRole("cell", { name: "880 pc" })).toBeVisible();
  await page.getByRole("button", { name: "Apply these changes" }).click();
  await expect(page.getByTestId("csv-applied")).toHaveText("Applied 1 change.");
});
