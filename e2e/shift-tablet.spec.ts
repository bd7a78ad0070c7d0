import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, DEMO_USERS } from "../prisma/seed/demo-users";
import { signInAs, snap } from "./helpers";

/** An iPad-sized shared tablet at the counter. */
const TABLET = { viewport: { width: 820, height: 1180 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 };

test.describe("the counter tablet", () => {
  test.use(TABLET);

  test("a manager registers the tablet, staff sign in with a tap and a PIN, and revoking it ends their session", async ({ page, browser }) => {
    // Not registered yet: the page names nobody and explains what to do.
    await page.goto("/tablet/demo/main");
    await expect(page.getByRole("heading", { name: "This device is not a counter tablet yet" })).toBeVisible();
    await expect(page.getByRole("button", { name: /Sam|Kim|Dana|Marco/ })).toHaveCount(0);
    await snap(page, "tablet-unregistered");

    // The manager signs in on the tablet itself and registers it for the main store.
    await page.getByRole("button", { name: "Sign in as owner or manager" }).click();
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
    await page.getByLabel("Email").fill(DEMO_USERS.manager.email);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/tablet\/demo\/main$/);
    await page.getByLabel("Tablet name").fill("Front counter iPad");
    await expect(page.getByLabel("Location")).toHaveValue(/.+/);
    await expect(page.getByRole("combobox", { name: "Location" }).locator("option:checked")).toHaveText("Main Street store");
    await snap(page, "tablet-register");
    await page.getByRole("button", { name: "Register this device" }).click();

    // Registered: staff of the main store appear; owners, managers and kiosk staff do not.
    await expect(page.getByRole("heading", { name: "Main Street store" })).toBeVisible();
    const staff = page.getByRole("list", { name: "Staff" });
    await expect(staff.getByRole("button", { name: /Sam/ })).toBeVisible();
    await expect(staff.getByRole("button", { name: /Dana|Marco|Kim/ })).toHaveCount(0);
    await expect(page.getByText("Counter tablet “Front counter iPad”")).toBeVisible();
    await snap(page, "tablet-people");

    await staff.getByRole("button", { name: /Sam/ }).tap();
    for (const digit of ["9", "9", "9", "1"]) await page.getByRole("button", { name: digit, exact: true }).tap();
    await page.getByRole("button", { name: "Sign in" }).tap();
    await expect(page.getByTestId("pin-error")).toHaveText("That PIN is not right. Try again.");
    for (const digit of ["2", "5", "8", "0"]) await page.getByRole("button", { name: digit, exact: true }).tap();
    await snap(page, "tablet-pin");
    await page.getByRole("button", { name: "Sign in" }).tap();
    await expect(page).toHaveURL(/\/shift-notes\?location=main/);
    await expect(page.getByRole("heading", { name: "Shift notes", exact: true })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Notes for Main Street store" })).toBeVisible();
    await expect(page.getByTestId("shift-summary")).toBeVisible();
    await snap(page, "shift-notes-tablet-staff");

    // The owner, at a desk, sees the tablet with when it was last seen, and revokes it.
    const desk = await browser.newContext({ baseURL: test.info().project.use.baseURL });
    const owner = await desk.newPage();
    await signInAs(owner, "owner");
    await owner.goto("/settings");
    await owner.getByRole("link", { name: "Counter tablets" }).click();
    await expect(owner.getByRole("heading", { name: "Counter tablets" })).toBeVisible();
    const row = owner.getByRole("row").filter({ hasText: "Front counter iPad" });
    await expect(row).toContainText("Main Street store");
    await expect(row).toContainText("Active");
    await expect(row).toContainText("Marco Manager");
    await snap(owner, "settings-tablets");
    await row.getByRole("button", { name: "Revoke Front counter iPad" }).click();
    await owner.getByRole("dialog").getByRole("button", { name: "Revoke tablet" }).click();
    await expect(row).toContainText("Revoked");
    await desk.close();

    // Sam's PIN session ends with the tablet, and the tablet names nobody again.
    await page.reload();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto("/tablet/demo/main");
    await expect(page.getByRole("heading", { name: "This device is not a counter tablet yet" })).toBeVisible();
    await expect(page.getByRole("button", { name: /Sam/ })).toHaveCount(0);
  });

  test("the owner sees who has read and acknowledged each note, on the tablet", async ({ page }) => {
    await signInAs(page, "owner");
    await page.goto("/shift-notes?location=main");
    const note = page.getByRole("article").filter({ hasText: "Mrs. Alvarez picks up" });
    await expect(note.getByTestId("note-readers")).toContainText(/Read, not acknowledged: .*Sam Staff/);
    // The owner does not list themselves; the manager who wrote it is not listed either.
    await expect(note.getByTestId("note-readers")).not.toContainText(/Dana Owner|Marco Manager/);
    const inspection = page.getByRole("article").filter({ hasText: "Health inspection went fine" });
    await expect(inspection.getByTestId("note-readers")).toContainText(/Acknowledged: .*Sam Staff/);
    await snap(page, "shift-notes-tablet-owner");
  });
});

test("kiosk staff only see their location's notes and are refused owner pages", async ({ page }) => {
  await signInAs(page, "staffKiosk");
  await expect(page.getByRole("heading", { name: "Notes for Station kiosk" })).toBeVisible();
  await expect(page.getByRole("tab", { name: /Main Street store/ })).toHaveCount(0);
  await page.goto("/shift-notes?location=main");
  await expect(page.getByRole("heading", { name: "Notes for Station kiosk" })).toBeVisible();
  for (const path of ["/reconciliation", "/settings", "/settings/tablets"]) {
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
