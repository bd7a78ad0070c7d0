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

test("a component buffer holds an ingredient back from every other channel's products", async ({ page }) => {
  await signInAs(page, "manager");
  await page.goto("/channels");
  // The hub, which no other test plans drops at.
  await page.getByLabel("Location", { exact: true }).selectOption({ label: "Bakery micro-hub (hub)" });
  await page.getByRole("tab", { name: /Components/ }).click();
  const table = page.getByRole("table", { name: "Availability per channel" });
  const glazed = table.getByRole("row").filter({ hasText: /^GLAZED/ });
  const headers = await table.getByRole("columnheader").allInnerTexts();
  const col = (name: string) => headers.findIndex((h) => h.trim().startsWith(name));
  const eventBefore = await glazed.getByRole("cell").nth(col("Event")).innerText();
  expect(Number(await glazed.getByRole("cell").nth(col("Online")).innerText())).toBeGreaterThan(0);
  const dough = page.getByLabel("DOUGH held for Event", { exact: true });
  await dough.fill("100000");
  await dough.press("Enter");
  // All the dough is Event's now: online cannot sell a single glazed, Event keeps what it had.
  await expect(glazed.getByRole("cell").nth(col("Online"))).toHaveText("0");
  await expect(glazed.getByRole("cell").nth(col("Event"))).toHaveText(eventBefore);
  await expect(page.getByRole("tab", { name: "Components (1)" })).toBeVisible();
  await snap(page, "channels-component-buffer");
  await dough.fill("0");
  await dough.press("Enter");
  await expect(glazed.getByRole("cell").nth(col("Online"))).not.toHaveText("0");
});
