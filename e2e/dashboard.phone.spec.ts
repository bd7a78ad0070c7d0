import { expect, test } from "@playwright/test";
import { signInAs, snap } from "./helpers";

test("the dashboard reads on a phone", async ({ page }) => {
  await signInAs(page, "owner");
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();
  await expect(page.getByTestId("kpi-revenue")).toContainText("$");
  await expect(page.getByRole("img", { name: /Stacked revenue per channel/ })).toBeVisible();
  // Each definition button is a finger-sized target.
  const info = page.getByRole("button", { name: "How Revenue is defined" }).first();
  const box = await info.boundingBox();
  expect(box?.width).toBeGreaterThanOrEqual(40);
  expect(box?.height).toBeGreaterThanOrEqual(40);
  await info.click();
  const note = page.getByRole("note").filter({ hasText: "Net sales" });
  await expect(note).toBeVisible();
  // The note stays on screen whichever column the figure is in.
  const noteBox = await note.boundingBox();
  const width = page.viewportSize()?.width ?? 0;
  expect(noteBox?.x).toBeGreaterThanOrEqual(0);
  expect((noteBox?.x ?? 0) + (noteBox?.width ?? 0)).toBeLessThanOrEqual(width);
  await page.screenshot({ path: "screenshots/dashboard-phone-definition.png" });
  await page.keyboard.press("Escape");
  await snap(page, "dashboard-phone");
});
