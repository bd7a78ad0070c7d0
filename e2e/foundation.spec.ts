import { expect, test } from "@playwright/test";
import { signInAs, snap } from "./helpers";

test("signed-out visitors are sent to sign-in", async ({ page }) => {
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("heading", { name: "Sign in to Backroom" })).toBeVisible();
  await snap(page, "sign-in");
});

test("sign-in explains a missing field and a wrong password", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Enter the email you were invited with.")).toBeVisible();
  await expect(page.getByText("Enter your password.")).toBeVisible();
  await page.getByLabel("Email").fill("owner@demo.backroom.test");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("sign-in-error")).toHaveText("Email or password is incorrect.");
});

test("the owner sees every section and manages keys", async ({ page }) => {
  await signInAs(page, "owner");
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const label of ["Dashboard", "Inventory", "Resupply", "Drops", "Channels", "Shift notes", "Settings"]) {
    await expect(nav.getByRole("link", { name: label })).toBeVisible();
  }
  await nav.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "owner@demo.backroom.test" })).toBeVisible();
  await snap(page, "settings-users");

  await page.getByRole("tab", { name: "API keys" }).click();
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByText("Give the key a name")).toBeVisible();
  await page.getByLabel("Key name").fill("E2E listings");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByTestId("secret-value")).toContainText("brk_");
  await expect(page.getByRole("cell", { name: "E2E listings" })).toBeVisible();
  await snap(page, "settings-api-keys");

  await page.getByRole("tab", { name: "POS integrations" }).click();
  await expect(page.getByText("/api/webhooks/pos/").first()).toBeVisible();
  await snap(page, "settings-integrations");
});

test("a manager works the shop but cannot open settings", async ({ page }) => {
  await signInAs(page, "manager");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Inventory" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Settings" })).toHaveCount(0);
  const response = await page.goto("/settings");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
});

test("staff see shift pages only and are refused owner pages", async ({ page }) => {
  await signInAs(page, "staff");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Shift notes" })).toBeVisible();
  for (const label of ["Dashboard", "Inventory", "Settings"]) {
    await expect(nav.getByRole("link", { name: label })).toHaveCount(0);
  }
  for (const path of ["/dashboard", "/inventory", "/settings", "/resupply", "/drops", "/channels"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
  }
  await snap(page, "staff-forbidden");
});

test("signing out ends the session", async ({ page }) => {
  await signInAs(page, "owner");
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/sign-in/);
});
