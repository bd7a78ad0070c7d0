import fs from "node:fs";
import { expect, test, type Locator } from "@playwright/test";
import { signInAs, snap } from "./helpers";

/** The text of every body row of a table, to compare what it shows before and after a filter. */
async function rowTexts(table: Locator): Promise<string[]> {
  return (await table.locator("tbody tr").allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim());
}

/** "$1,234.56" → 123456 cents, so the test compares exact integers. */
const cents = (s: string) => {
  const [whole, frac = ""] = s.split(".");
  return Number(whole) * 100 + Number(frac.padEnd(2, "0"));
};

test("the owner's dashboard shows charts from the demo history and filters change them", async ({ page }) => {
  await signInAs(page, "owner");
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();

  const revenue = page.getByTestId("kpi-revenue");
  await expect(revenue).toContainText("$");
  await expect(revenue).not.toContainText("$0.00");
  await expect(page.getByTestId("kpi-preorderConversion")).toContainText(/\d+\.\d %/);
  const allChannels = (await revenue.textContent()) ?? "";

  // Charts render with bars from the seeded history, and each has its table twin.
  const channelChart = page.getByRole("img", { name: /Stacked revenue per channel/ });
  await expect(channelChart).toBeVisible();
  await expect(channelChart.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(channelChart.getByText("Walk-in", { exact: true })).toBeVisible(); // legend entry
  await expect(channelChart.getByText("Online", { exact: true })).toBeVisible();
  await expect(page.getByRole("img", { name: /Revenue per campaign/ })).toBeVisible();
  await expect(page.getByRole("img", { name: /Revenue per tag/ })).toBeVisible();
  await snap(page, "dashboard-owner");

  // A KPI's definition is one click away.
  await page.getByRole("button", { name: "How Revenue is defined" }).first().click();
  await expect(page.getByRole("note").filter({ hasText: "Net sales" })).toBeVisible();
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "How Preorder same-day conversion is defined" }).click();
  await expect(page.getByRole("note").filter({ hasText: "same business day" })).toBeVisible();
  await page.keyboard.press("Escape");

  // The channel filter narrows every figure, the chart's legend and the table, and lands in the URL.
  await page.getByLabel("Channel", { exact: true }).selectOption({ label: "Online" });
  await expect(page).toHaveURL(/channel=online/);
  await expect(revenue).not.toHaveText(allChannels);
  await expect(channelChart.getByText("Walk-in", { exact: true })).toHaveCount(0);
  await expect(channelChart.getByText("Online", { exact: true })).toBeVisible();
  await page.getByRole("group", { name: "Revenue by channel view" }).getByRole("button", { name: "Table" }).click();
  const table = page.getByRole("table", { name: "Revenue per channel per period" });
  await expect(table).toBeVisible();
  await expect(table.getByRole("row")).toHaveCount(31); // header + 30 days
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

test("the location filter changes the figures, the table and the chart", async ({ page }) => {
  await signInAs(page, "owner");
  await page.goto("/dashboard?range=7d");
  const revenue = page.getByTestId("kpi-revenue");
  await expect(revenue).not.toContainText("$0.00");
  const everywhere = (await revenue.textContent()) ?? "";
  const channelChart = page.getByRole("img", { name: /Stacked revenue per channel/ });
  const bars = channelChart.locator(".recharts-bar-rectangles").first();
  await expect(bars.locator("path").first()).toBeVisible();
  const barsBefore = await channelChart.locator(".recharts-bar-rectangles").evaluateAll((els) => els.map((e) => e.innerHTML).join("|"));

  await page.getByLabel("Location", { exact: true }).selectOption({ label: "Station kiosk" });
  await expect(page).toHaveURL(/location=/);
  await expect(revenue).not.toHaveText(everywhere);
  // The bars themselves are redrawn for the kiosk's sales, not just the numbers around them.
  await expect
    .poll(() => channelChart.locator(".recharts-bar-rectangles").evaluateAll((els) => els.map((e) => e.innerHTML).join("|")))
    .not.toBe(barsBefore);
  await snap(page, "dashboard-location");

  // The table twin shows different rows too, and switching back restores them.
  await page.getByRole("group", { name: "Revenue by channel view" }).getByRole("button", { name: "Table" }).click();
  const table = page.getByRole("table", { name: "Revenue per channel per period" });
  await expect(table.getByRole("row")).toHaveCount(8);
  const atKiosk = await rowTexts(table);
  await page.getByLabel("Location", { exact: true }).selectOption({ label: "All locations" });
  await expect(page).not.toHaveURL(/location=/);
  await expect.poll(() => rowTexts(table)).not.toEqual(atKiosk);
  await expect(revenue).toHaveText(everywhere);
});

test("the CSV download is exactly the table, with exact money", async ({ page }) => {
  await signInAs(page, "owner");
  await page.goto("/dashboard?range=7d");
  await expect(page.getByTestId("kpi-revenue")).not.toContainText("$0.00");
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download Revenue by channel as CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^revenue-by-channel-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = fs.readFileSync(await download.path(), "utf8").replace(/^\uFEFF/, "");
  const [header, ...rows] = text.trimEnd().split("\r\n");
  expect(header).toBe("date,Walk-in (USD),Preorder QR (USD),Online (USD),Delivery (USD),Event (USD),total (USD)");
  expect(rows).toHaveLength(7);
  for (const row of rows) {
    const [date, ...amounts] = row.split(",");
    expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const a of amounts) expect(a).toMatch(/^\d+\.\d{2}$/);
    const values = amounts.map(cents);
    const total = values.pop();
    expect(values.reduce((x, y) => x + y, 0)).toBe(total);
  }
  // The same figures as the table view.
  await page.getByRole("group", { name: "Revenue by channel view" }).getByRole("button", { name: "Table" }).click();
  const table = page.getByRole("table", { name: "Revenue per channel per period" });
  const firstTotal = (await table.locator("tbody tr").first().locator("td").last().innerText()).replace(/[$,]/g, "");
  expect(rows.map((r) => r.split(",").at(-1))).toContain(firstTotal);
});

test("a bad custom range is explained beside the fields and the page stays usable", async ({ page }) => {
  await signInAs(page, "owner");
  await page.goto("/dashboard");
  await page.getByLabel("Date range", { exact: true }).selectOption({ label: "Custom" });
  await page.getByLabel("From", { exact: true }).fill("2026-01-10");
  await page.getByLabel("To", { exact: true }).fill("2026-01-01");
  await page.getByRole("button", { name: "Apply dates" }).click();
  await expect(page.getByText("The end date must be on or after the start date.")).toBeVisible();
  await expect(page.getByTestId("kpi-revenue")).toContainText("$");

  // A shared link with a range that is too long falls back to 30 days and says why.
  await page.goto("/dashboard?range=custom&from=2024-01-01&to=2025-12-31");
  await expect(page.getByText(/Pick at most 366 days/)).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "last 30 days" })).toBeVisible();
  await expect(page.getByTestId("kpi-revenue")).not.toContainText("$0.00");
  await expect(page.getByRole("img", { name: /Stacked revenue per channel/ })).toBeVisible();
  await snap(page, "dashboard-bad-range");
});

test("campaigns can be added with their attribution window, in the shop's time zone", async ({ page }) => {
  await signInAs(page, "manager");
  await page.goto("/dashboard?range=90d");
  await expect(page.getByTestId("campaign-total")).toContainText("previous period");
  await page.getByRole("button", { name: "Manage campaigns" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Campaigns" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Add campaign" }).click();
  await expect(dialog.getByText("Give the campaign a name")).toBeVisible();
  await dialog.getByLabel("Code").fill("e2e-launch");
  await dialog.getByLabel("Name").fill("E2E launch");
  await dialog.getByLabel("Sent at (America/New_York)").fill("2026-11-20T09:00");
  await dialog.getByLabel("Attribution window (hours)").fill("6");
  await dialog.getByRole("button", { name: "Add campaign" }).click();
  const row = dialog.getByRole("row").filter({ hasText: "E2E launch" });
  await expect(row).toBeVisible();
  await expect(row).toContainText("Nov 20, 2026, 9:00 AM");
  await expect(dialog.getByRole("columnheader", { name: "Sent (America/New_York)" })).toBeVisible();
  await snap(page, "dashboard-campaigns");
});
