import { expect, test } from "@playwright/test";
import { signInAs, snap } from "./helpers";

test("the owner's dashboard shows charts from the demo history and filters change them", async ({ page }) => {
  await signInAs(page, "owner");
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();

  const revenue = page.getByTestId("kpi-revenue");
  await expect(revenue).toContainText("$");
  await expect(revenue).not.toContainText("$0.00");
  const allChannels = await revenue.innerText();

  // Charts render with bars from the seeded history, and each has its table twin.
  const channelChart = page.getByRole("img", { name: /Stacked revenue per channel/ });
  await expect(channelChart).toBeVisible();
  await expect(page.getByRole("img", { name: /Revenue per campaign/ })).toBeVisible();
  await expect(page.getByRole("img", { name: /Revenue per tag/ })).toBeVisible();
  await page.getByRole("group", { name: "Revenue by channel view" }).getByRole("button", { name: "Table" }).click();
  const table = page.getByRole("table", { name: "Revenue per channel per period" });
  await expect(table).toBeVisible();
  await expect(table.getByRole("row")).toHaveCount(31); // header + 30 days
  await snap(page, "dashboard-owner");

  // A KPI's definition is one click away.
  await page.getByRole("button", { name: "How Revenue is defined" }).first().click();
  await expect(page.getByRole("note").filter({ hasText: "Net sales" })).toBeVisible();
  await page.keyboard.press("Escape");

  // The channel filter narrows every figure and lands in the URL.
  await page.getByLabel("Channel", { exact: true }).selectOption({ label: "Online" });
  await expect(page).toHaveURL(/channel=online/);
  await expect(revenue).not.toHaveText(allChannels);
  await expect(table.getByRole("columnheader", { name: "Online" })).toBeVisible();
  await expect(table.getByRole("columnheader", { name: "Walk-in" })).toHaveCount(0);

  // The date range preset changes the buckets and the comparison period.
  await page.getByLabel("Date range", { exact: true }).selectOption({ label: "Last 7 days" });
  await expect(page).toHaveURL(/range=7d/);
  await expect(table.getByRole("row")).toHaveCount(8);

  // Reloading the shared URL restores the same view.
  await page.reload();
  await expect(page.getByLabel("Date range", { exact: true })).toHaveValue("7d");
  await expect(page.getByLabel("Channel", { exact: true })).toHaveValue("online");
  await snap(page, "dashboard-filtered");
});

test("campaigns can be added with their attribution window", async ({ page }) => {
  await signInAs(page, "manager");
  await page.goto("/dashboard?range=90d");
  await page.getByRole("button", { name: "Manage campaigns" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Campaigns" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Add campaign" }).click();
  await expect(dialog.getByText("Give the campaign a name")).toBeVisible();
  await dialog.getByLabel("Code").fill("e2e-launch");
  await dialog.getByLabel("Name").fill("E2E launch");
  await dialog.getByLabel("Attribution window (hours)").fill("6");
  await dialog.getByRole("button", { name: "Add campaign" }).click();
  await expect(dialog.getByRole("cell", { name: /E2E launch/ })).toBeVisible();
  await snap(page, "dashboard-campaigns");
});
