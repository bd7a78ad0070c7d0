import { expect, test } from "@playwright/test";
import { signInAs, snap } from "./helpers";

test("staff sign in on the counter tablet with a tap and a PIN; a wrong PIN is refused", async ({ page }) => {
  await page.goto("/tablet/demo/main");
  await expect(page.getByRole("heading", { name: "Main Street store" })).toBeVisible();
  // Owners and managers are never offered a PIN sign-in.
  await expect(page.getByRole("button", { name: /Dana|Marco/ })).toHaveCount(0);
  // Kim works at the kiosk only, so the main store tablet does not list her.
  await expect(page.getByRole("button", { name: /Kim/ })).toHaveCount(0);
  await snap(page, "tablet-people");
  await page.getByRole("button", { name: /Sam/ }).click();
  for (const digit of ["9", "9", "9", "1"]) await page.getByRole("button", { name: digit, exact: true }).click();
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("pin-error")).toHaveText("That PIN is not right. Try again.");
  for (const digit of ["2", "5", "8", "0"]) await page.getByRole("button", { name: digit, exact: true }).click();
  await snap(page, "tablet-pin");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/shift-notes\?location=main/);
  await expect(page.getByRole("heading", { name: "Shift notes", exact: true })).toBeVisible();
  await expect(page.getByRole("complementary").getByText("Sam Staff", { exact: true })).toBeVisible();
});

test("kiosk staff only see their location's notes and are refused owner pages", async ({ page }) => {
  await signInAs(page, "staffKiosk");
  await expect(page.getByRole("heading", { name: "Notes for Station kiosk" })).toBeVisible();
  await expect(page.getByRole("tab", { name: /Main Street store/ })).toHaveCount(0);
  await page.goto("/shift-notes?location=main");
  await expect(page.getByRole("heading", { name: "Notes for Station kiosk" })).toBeVisible();
  for (const path of ["/reconciliation", "/settings"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
  }
});

test("managers work anomalies and download a daily close as CSV", async ({ page }) => {
  await signInAs(page, "manager");
  await page.goto("/reconciliation");
  await expect(page.getByRole("heading", { name: "Reconciliation", exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Run reconciliation now" }).click();
  await expect(page.getByTestId("reconciliation-status")).toContainText("counts checked");
  const first = page.getByRole("row").filter({ has: page.getByRole("button", { name: "Acknowledge" }) }).first();
  await expect(first).toBeVisible();
  await snap(page, "reconciliation-anomalies");
  const message = (await first.getByRole("cell").nth(1).textContent()) ?? "";
  await first.getByRole("button", { name: "Acknowledge" }).click();
  await page.getByRole("button", { name: "Acknowledged" }).click();
  await expect(page.getByRole("row").filter({ hasText: message }).first()).toContainText("by Marco Manager");

  await page.getByRole("tab", { name: "Daily close" }).click();
  await expect(page.getByRole("columnheader", { name: /Net sales/ })).toBeVisible();
  await page.getByRole("button", { name: /View close of Main Street store/ }).first().click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByText("Sales by channel")).toBeVisible();
  await snap(page, "reconciliation-daily-close");
  const href = await dialog.getByRole("link", { name: "Download CSV" }).getAttribute("href");
  const csv = await page.request.get(href!);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect(await csv.text()).toMatch(/^business_date,location,section,item/);
});
