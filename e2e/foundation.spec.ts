import { execFileSync } from "node:child_process";
import path from "node:path";
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
  await page.getByRole("button", { name: "Create key" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Create an API key" });
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog.getByText("Give the key a name")).toBeVisible();
  await dialog.getByLabel("Key name").fill("E2E listings");
  await expect(dialog.getByText("Give the key a name")).toBeHidden();
  await dialog.getByRole("radio", { name: /Read only/ }).check();
  await snap(page, "settings-api-key-dialog");
  await dialog.getByRole("button", { name: "Create key" }).click();
  const secret = dialog.getByTestId("secret-value");
  await expect(secret).toContainText("brk_");
  const key = (await secret.textContent())?.trim() ?? "";
  await snap(page, "settings-api-key-created");
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByRole("row", { name: /E2E listings/ });
  await expect(row.getByText("Read only")).toBeVisible();
  await snap(page, "settings-api-keys");

  // The read-only key reads, and is refused a write with the API's error contract.
  const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
  expect((await page.request.get("/api/v1/locations/main/stock", { headers })).status()).toBe(200);
  const write = await page.request.put("/api/v1/catalog", { headers, data: { components: [] } });
  expect(write.status()).toBe(403);
  expect(await write.json()).toMatchObject({ error: { code: "FORBIDDEN", details: { scope: "read" } } });

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

test("signing out asks first, then ends the session", async ({ page }) => {
  await signInAs(page, "owner");
  await page.getByRole("link", { name: "Sign out" }).first().click();
  await expect(page).toHaveURL(/\/sign-out$/);
  await expect(page.getByRole("heading", { name: "Sign out of Backroom?" })).toBeVisible();
  await expect(page.getByText("Dana Owner")).toBeVisible();
  await snap(page, "sign-out");
  // Cancel keeps the session.
  await page.getByRole("link", { name: "Cancel and go back" }).click();
  await expect(page).toHaveURL(/\/dashboard/);
  await page.goto("/api/auth/signout");
  await expect(page).toHaveURL(/\/sign-out$/);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/sign-out");
  await expect(page).toHaveURL(/\/sign-in/);
});

/** The admin CLI against the e2e server's database (e2e/server.ts), as an operator would run it. */
function admin(...args: string[]): unknown {
  const out = execFileSync(path.resolve("node_modules", ".bin", "tsx"), ["server/cli/admin.ts", ...args, "--json"], {
    env: { ...process.env, DATABASE_URL: `file:${path.resolve("tmp", "e2e", "backroom.db")}`, JOBS_ENABLED: "false" },
    encoding: "utf8",
  });
  return JSON.parse(out.trim().split("\n").pop() ?? "null");
}

test("a person in two shops switches between them, sees a demotion at once, and cannot switch back once removed", async ({ page, browser }) => {
  const stamp = Date.now();
  const email = `switcher-${stamp}@e2e.test`;
  const second = admin("shop:create", "--name", "Second Street Donuts", "--owner-email", `second-${stamp}@e2e.test`, "--owner-password", "second-shop-pw") as {
    shop: { id: string };
  };

  // The demo owner invites Sasha as a manager; the second shop's operator adds the same person.
  await signInAs(page, "owner");
  await page.goto("/settings");
  await page.getByLabel("Name").fill("Sasha Switcher");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption("MANAGER");
  await page.getByRole("button", { name: "Send invite" }).click();
  const password = ((await page.getByTestId("secret-value").textContent()) ?? "").trim();
  expect(password.length).toBeGreaterThan(8);
  admin("user:add", "--shop", second.shop.id, "--email", email, "--name", "Sasha Switcher", "--role", "OWNER");

  const sasha = await (await browser.newContext()).newPage();
  await sasha.goto("/sign-in");
  await sasha.getByLabel("Email").fill(email);
  await sasha.getByLabel("Password").fill(password);
  await sasha.getByRole("button", { name: "Sign in" }).click();
  await expect(sasha).toHaveURL(/\/dashboard/);
  const nav = sasha.getByRole("navigation", { name: "Main" });
  const switcher = sasha.getByLabel("Switch shop");
  await expect(switcher).toBeVisible();
  await expect(switcher.locator("option")).toHaveText(["Glaze & Co. Donuts", "Second Street Donuts"]);
  await expect(sasha.getByText("Manager · Glaze & Co. Donuts")).toBeVisible();
  await expect(nav.getByRole("link", { name: "Settings" })).toHaveCount(0);
  await expect(sasha.getByText("Loading the dashboard…")).toBeHidden();
  await snap(sasha, "shop-switcher");

  // Demoted in the demo shop: the navigation follows the membership, not the token.
  await page.getByRole("combobox", { name: "Role of Sasha Switcher" }).selectOption("STAFF");
  await expect(page.getByRole("combobox", { name: "Role of Sasha Switcher" })).toHaveValue("STAFF");
  await sasha.goto("/shift-notes");
  await expect(sasha.getByText("Staff · Glaze & Co. Donuts")).toBeVisible();
  await expect(nav.getByRole("link", { name: "Stock counts" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Inventory" })).toHaveCount(0);

  // Switch: the other shop's data only, with that shop's role.
  await switcher.selectOption({ label: "Second Street Donuts" });
  await expect(sasha).toHaveURL(/\/dashboard/);
  await expect(sasha.getByText("Owner · Second Street Donuts")).toBeVisible();
  await expect(nav.getByRole("link", { name: "Settings" })).toBeVisible();
  await sasha.goto("/inventory");
  await sasha.getByRole("tab", { name: "Products & kits" }).click();
  await expect(sasha.getByText("No products yet")).toBeVisible();
  await expect(sasha.getByText("Original glazed")).toHaveCount(0);
  await snap(sasha, "shop-switched");

  // Removed from the demo shop: switching there is refused and the session stays where it is.
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("row", { name: /Sasha Switcher/ }).getByRole("button", { name: "Remove" }).click();
  await expect(page.getByRole("row", { name: /Sasha Switcher/ })).toHaveCount(0);
  await sasha.getByLabel("Switch shop").selectOption({ label: "Glaze & Co. Donuts" });
  await expect(sasha.getByText("You can no longer switch to that shop.", { exact: false })).toBeVisible();
  await sasha.reload();
  await expect(sasha.getByText("Owner · Second Street Donuts")).toBeVisible();
  await expect(sasha.getByLabel("Switch shop")).toHaveCount(0);
  await sasha.context().close();
});

test("the owner invites staff to a location and changes where they work", async ({ page }) => {
  await signInAs(page, "owner");
  await page.goto("/settings");
  const invite = page.locator("form").filter({ has: page.getByRole("button", { name: "Send invite" }) });
  await invite.getByLabel("Name").fill("Robin Counter");
  await invite.getByLabel("Email").fill(`robin-${Date.now()}@demo.backroom.test`);
  await invite.getByLabel("Role").selectOption("STAFF");
  await invite.getByRole("checkbox", { name: /Station kiosk/ }).check();
  await invite.getByRole("button", { name: "Send invite" }).click();
  await expect(invite.getByText(/Temporary password for/)).toBeVisible();

  const row = page.getByRole("row", { name: /Robin Counter/ });
  await expect(row.getByText("Station kiosk")).toBeVisible();
  await row.getByRole("button", { name: "Locations of Robin Counter" }).click();
  const dialog = page.getByRole("dialog", { name: "Where Robin Counter works" });
  await dialog.getByRole("checkbox", { name: /Station kiosk/ }).uncheck();
  await expect(dialog.getByText("With no location, this person sees nothing until you add one.")).toBeVisible();
  await dialog.getByRole("checkbox", { name: /Saturday market pop-up/ }).check();
  await snap(page, "settings-member-locations");
  await dialog.getByRole("button", { name: "Save locations" }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByText("Saturday market pop-up")).toBeVisible();
  await expect(row.getByText("Station kiosk")).toHaveCount(0);
});
