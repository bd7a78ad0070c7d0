import { expect, test } from "@playwright/test";
import { signInAs, snap } from "./helpers";

/** A second person's browser with the same device and server as this project. */
function sameDevice() {
  const { baseURL, viewport, userAgent, isMobile, hasTouch, deviceScaleFactor } = test.info().project.use;
  return { baseURL, viewport, userAgent, isMobile, hasTouch, deviceScaleFactor };
}

test("on a phone, staff write a handoff note and the next reader acknowledges it", async ({ browser, page }) => {
  const text = `Walk-in freezer door sticks ${Date.now()}`;
  await signInAs(page, "staff");
  await expect(page).toHaveURL(/\/shift-notes/);
  await expect(page.getByRole("heading", { name: "Shift notes", exact: true })).toBeVisible();
  await expect(page.getByTestId("shift-summary")).toBeVisible();

  await page.getByRole("textbox", { name: "Note" }).fill(`${text}\n\n- push it **hard**\n- tell the tech`);
  await page.getByRole("button", { name: "equipment" }).click();
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByLabel("Preview").locator("strong", { hasText: "hard" })).toBeVisible();
  await page.getByRole("button", { name: "Post note" }).click();
  const mine = page.getByRole("article").filter({ hasText: text });
  await expect(mine).toBeVisible();
  await expect(mine.getByText("You", { exact: true })).toBeVisible();
  await expect(mine.locator("li", { hasText: "tell the tech" })).toBeVisible();
  await snap(page, "shift-notes-phone-staff");

  // The manager opens the notes on their phone: the new note is unread, first, and gets acknowledged.
  const context = await browser.newContext(sameDevice());
  const manager = await context.newPage();
  await signInAs(manager, "manager");
  await manager.goto("/shift-notes?location=main");
  const unread = manager.getByRole("region", { name: "Unread notes" });
  const note = unread.getByRole("article").filter({ hasText: text });
  await expect(note).toBeVisible();
  // Sam wrote it and is the only staff member of the main store: nobody else has opened it yet.
  await expect(note.getByTestId("note-readers")).toHaveText("Nobody has opened it yet.");
  await snap(manager, "shift-notes-phone-unread");
  await note.getByRole("button", { name: "Acknowledge" }).click();
  const earlier = manager.getByRole("region", { name: "Earlier notes" }).getByRole("article").filter({ hasText: text });
  await expect(earlier).toBeVisible();
  await expect(earlier.getByRole("button", { name: "Acknowledge" })).toHaveCount(0);
  await context.close();

  // The owner sees who has read it.
  const ownerContext = await browser.newContext(sameDevice());
  const owner = await ownerContext.newPage();
  await signInAs(owner, "owner");
  await owner.goto("/shift-notes?location=main");
  await expect(owner.getByRole("article").filter({ hasText: text }).getByTestId("note-readers")).toContainText("Acknowledged: Marco Manager");
  await snap(owner, "shift-notes-phone-owner");
  await ownerContext.close();
});
