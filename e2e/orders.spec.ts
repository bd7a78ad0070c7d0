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

test("the owner links Shopify locations and picks the default location, with messages beside the fields", async ({ page }) => {
  await signInAs(page, "owner");
  await page.goto("/settings");
  await page.getByRole("tab", { name: "POS integrations" }).click();
  await page.locator("section").filter({ has: page.getByRole("heading", { name: /^Shopify/ }) }).getByRole("link", { name: "Delivery log & setup" }).click();
  await expect(page.getByRole("heading", { name: "Locations" })).toBeVisible();
  const defaultLocation = page.getByRole("combobox", { name: "Default location" });
  await expect(defaultLocation).toHaveValue(/.+/);

  const kiosk = page.getByRole("textbox", { name: "Station kiosk (kiosk)" });
  await kiosk.fill("12 34");
  await page.getByRole("button", { name: "Save POS location id of Station kiosk" }).click();
  await expect(page.getByText("Letters, digits and - _ . : / only, e.g. 68357324979.")).toBeVisible();
  await expect(kiosk).toHaveAttribute("aria-invalid", "true");

  await kiosk.fill("68357324979");
  await page.getByRole("button", { name: "Save POS location id of Station kiosk" }).click();
  await expect(page.getByRole("textbox", { name: "Station kiosk (kiosk)" })).toHaveAttribute("aria-describedby", /hint/);
  await expect(page.getByRole("listitem").filter({ has: page.getByRole("textbox", { name: "Station kiosk (kiosk)" }) })).toContainText("Linked.");

  const hub = page.getByRole("textbox", { name: "Bakery micro-hub (hub)" });
  await hub.fill("68357324979");
  await page.getByRole("button", { name: "Save POS location id of Bakery micro-hub" }).click();
  await expect(page.getByText("Already linked to location kiosk.")).toBeVisible();

  await defaultLocation.selectOption({ label: "Station kiosk (kiosk)" });
  await expect(page.getByText("Saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("combobox", { name: "Default location" })).toHaveValue(/.+/);
  await expect(page.getByRole("combobox", { name: "Default location" }).locator("option:checked")).toHaveText("Station kiosk (kiosk)");
  await snap(page, "integration-locations");
});

test("staff cannot open orders", async ({ page }) => {
  await signInAs(page, "staff");
  const response = await page.goto("/orders");
  expect(response?.status()).toBe(403);
});
