import { expect, test, type Page } from "@playwright/test";
import { signInAs, snap } from "./helpers";

/** Picks the option of a select whose text starts with `prefix` (option labels carry the price). */
async function choose(page: Page, label: string, prefix: string) {
  const select = page.getByLabel(label, { exact: true });
  const value = await select.locator("option", { hasText: prefix }).first().getAttribute("value");
  await select.selectOption(value ?? "");
}

test("the drops list and calendar show the seeded drops", async ({ page }) => {
  await signInAs(page, "owner");
  await page.goto("/drops");
  await expect(page.getByRole("heading", { name: "Drops", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Midnight Drop" }).first()).toBeVisible();
  await expect(page.getByRole("link", { name: "Pop-up Saturday" }).first()).toBeVisible();
  await snap(page, "drops-list");
  await page.getByRole("tab", { name: "Month" }).click();
  await expect(page.getByRole("grid", { name: "Month calendar" })).toBeVisible();
  await expect(page.getByRole("grid", { name: "Month calendar" }).getByRole("link", { name: /Midnight Drop/ }).first()).toBeVisible();
  await snap(page, "drops-month");
  await page.getByRole("tab", { name: "Week" }).click();
  await expect(page.getByRole("grid", { name: "Week calendar" })).toBeVisible();
  await page.getByRole("button", { name: "Next week" }).click();
  await snap(page, "drops-week");
});

test("plan a drop: feasibility updates as caps are typed, then it is scheduled", async ({ page }) => {
  await signInAs(page, "manager");
  await page.goto("/drops");
  await page.getByRole("link", { name: "Plan a drop" }).click();
  await expect(page.getByRole("heading", { name: "Plan a drop" })).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill("Boston Cream Night");
  await choose(page, "Product 1", "BOSTON-CREAM");
  await page.getByLabel("Cap 1").fill("5");
  await expect(page.getByText("Stock can feed this drop")).toBeVisible();
  await expect(page.getByRole("cell", { name: /^CREAM/ })).toBeVisible();
  // A cap far beyond the stock is flagged, with what to order.
  await page.getByLabel("Cap 1").fill("5000");
  await expect(page.getByText(/Short on \d+ component/)).toBeVisible();
  await expect(page.getByText(/Stock allows \d+/)).toBeVisible();
  await snap(page, "drops-plan-short");
  await page.getByLabel("Cap 1").fill("6");
  await expect(page.getByText("Stock can feed this drop")).toBeVisible();
  await page.getByRole("button", { name: "Schedule drop" }).click();
  await expect(page).toHaveURL(/\/drops\/[^/]+$/);
  await expect(page.getByRole("heading", { name: "Boston Cream Night" })).toBeVisible();
  await expect(page.getByText("Scheduled", { exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Feasibility" })).toBeVisible();
  await snap(page, "drops-detail-scheduled");
});

test("the planner explains what is wrong beside the field", async ({ page }) => {
  await signInAs(page, "owner");
  await page.goto("/drops/new");
  await choose(page, "Product 1", "GLAZED —");
  await page.getByLabel("Cap 1").fill("3");
  await page.getByRole("button", { name: "Schedule drop" }).click();
  await expect(page.getByText("Give the drop a name")).toBeVisible();
});

test("a past drop shows its report", async ({ page }) => {
  await signInAs(page, "owner");
  await page.goto("/drops");
  await page.getByRole("searchbox", { name: "Filter drops" }).fill("Pop-up");
  const ended = page.getByRole("row").filter({ hasText: "Ended" }).first();
  await ended.getByRole("link", { name: "Pop-up Saturday" }).click();
  await expect(page.getByRole("heading", { name: "Sell-through" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Waste during the drop" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Campaign attribution" })).toBeVisible();
  await snap(page, "drops-report");
});

test("a short drop orders its shortfall in one click, for a delivery that lands before the start", async ({ page }) => {
  await signInAs(page, "owner");
  await page.goto("/drops/new");
  await page.getByLabel("Name", { exact: true }).fill("Cruller Marathon");
  await choose(page, "Product 1", "CRULLER");
  await page.getByLabel("Cap 1").fill("4000");
  await expect(page.getByText(/Short on \d+ component/)).toBeVisible();
  await page.getByRole("button", { name: "Schedule drop" }).click();
  await expect(page.getByRole("heading", { name: "Cruller Marathon" })).toBeVisible();
  // Frying oil comes Mondays and Thursdays with two days' notice: no delivery can make tomorrow night.
  const oil = page.getByRole("row").filter({ hasText: "FRY-OIL" });
  await expect(oil.getByText(/Too late to order/)).toBeVisible();
  await expect(oil.getByRole("button", { name: /^Order / })).toHaveCount(0);
  // Dough comes twice a day: it is ordered for the afternoon delivery before the drop.
  const dough = page.getByRole("row").filter({ hasText: "DOUGH" });
  await expect(dough.getByText(/lands /)).toBeVisible();
  await dough.getByRole("button", { name: /^Order / }).click();
  await expect(page.getByRole("status").filter({ hasText: /Raised .+ DOUGH for the delivery on .+ send it to the supplier by/ })).toBeVisible();
  await expect(dough.getByRole("button", { name: /^Order / })).toHaveCount(0);
  await expect(dough.getByText("Covered: draft not sent")).toBeVisible();
  await expect(dough.getByText(/planned, not sent/)).toBeVisible();
  await snap(page, "drops-shortfall-ordered");
  // The board has the draft for that delivery.
  await page.getByRole("status").getByRole("link", { name: "resupply board" }).click();
  await expect(page.getByText(/Drop “Cruller Marathon”/).first()).toBeVisible();
});
