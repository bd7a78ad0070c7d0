import { expect, test } from "@playwright/test";
import { signInAs, snap } from "./helpers";

test("the owner maps an unknown POS SKU and its consumption is applied", async ({ page }) => {
  await signInAs(page, "owner");
  await page.goto("/orders");
  await expect(page.getByRole("heading", { name: "Orders", level: 1 })).toBeVisible();
  await expect(page.getByText("LEGACY-GLZ-01", { exact: true })).toBeVisible();
  await expect(page.getByRole("table", { name: "Orders" })).toBeVisible();
  await snap(page, "orders-list");

  await page.getByRole("combobox", { name: "Product for LEGACY-GLZ-01" }).selectOption({ label: "Original glazed (GLAZED)" });
  await page.getByRole("button", { name: "Map and apply" }).first().click();
  await expect(page.getByRole("status").filter({ hasText: "LEGACY-GLZ-01 → Original glazed" })).toContainText("consumption applied to 2 lines");
  await expect(page.getByText("LEGACY-GLZ-01", { exact: true })).toBeHidden();

  await page.getByRole("textbox", { name: "Find order" }).fill("POS-LEGACY-1");
  await page.getByRole("link", { name: "POS-LEGACY-1" }).click();
  await expect(page.getByRole("heading", { name: "Order POS-LEGACY-1" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Stock used" })).toBeVisible();
  await expect(page.getByText("Yeast dough")).toBeVisible();
  await snap(page, "orders-detail");
});

test("the owner sends a test event and reads the delivery log", async ({ page }) => {
  await signInAs(page, "owner");
  await page.goto("/settings");
  await page.getByRole("tab", { name: "POS integrations" }).click();
  await page.getByRole("link", { name: "Delivery log & setup" }).first().click();
  await expect(page.getByRole("heading", { name: "Delivery log" })).toBeVisible();
  await expect(page.getByText("Unknown location \"truck\"").first()).toBeVisible();
  await page.getByRole("button", { name: "Send test event" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Test order received" })).toBeVisible();
  await page.getByRole("combobox", { name: "Status" }).selectOption("INVALID");
  await page.getByRole("button", { name: "Raw" }).first().click();
  await expect(page.getByRole("dialog", { name: "Raw delivery" })).toContainText("TRUCK-7");
  await snap(page, "integration-delivery-log");
});

test("staff cannot open orders", async ({ page }) => {
  await signInAs(page, "staff");
  const response = await page.goto("/orders");
  expect(response?.status()).toBe(403);
});
