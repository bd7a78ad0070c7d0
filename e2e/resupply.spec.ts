import { expect, test } from "@playwright/test";
import { signInAs, snap } from "./helpers";

test("a manager marks a suggestion sent, receives it in two parts and reads its forecast", async ({ page }) => {
  await signInAs(page, "manager");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Resupply" }).click();
  await expect(page.getByRole("heading", { name: "Resupply" })).toBeVisible();
  const drafts = page.getByRole("article").filter({ has: page.getByRole("button", { name: "Mark sent" }) });
  await expect(drafts.first()).toBeVisible();
  await snap(page, "resupply-board");
  const name = await drafts.first().getAttribute("aria-label");
  expect(name).toBeTruthy();
  const card = page.getByRole("article", { name: name ?? "" });

  await card.getByRole("button", { name: "Show forecast" }).first().click();
  await expect(card.getByRole("figure", { name: "Forecast chart" })).toBeVisible();
  await expect(card.getByText(/Forecast usage about/)).toBeVisible();
  await snap(page, "resupply-forecast");

  await card.getByRole("button", { name: /^Change quantity of / }).first().click();
  await card.getByLabel(/^Quantity \(/).fill("0");
  await card.getByRole("button", { name: "Save" }).click();
  await expect(card.getByText(/above zero/)).toBeVisible();
  await card.getByLabel(/^Quantity \(/).fill("40");
  await card.getByRole("button", { name: "Save" }).click();
  await expect(card.getByRole("button", { name: /^Change quantity of / }).first()).toHaveText(/^40 /);

  await card.getByRole("button", { name: "Mark sent" }).click();
  await expect(card.getByText("sent", { exact: true })).toBeVisible();

  await card.getByRole("button", { name: "Receive…" }).click();
  const dialog = page.getByRole("dialog", { name: "Receive delivery" });
  await dialog.getByRole("spinbutton").first().fill("1");
  await snap(page, "resupply-receive");
  await dialog.getByRole("button", { name: "Record receipt" }).click();
  await expect(card.getByText("partial", { exact: true })).toBeVisible();
  await expect(card.getByText(/received$/).first()).toBeVisible();

  await card.getByRole("button", { name: "Receive…" }).click();
  await dialog.getByLabel("Nothing more is coming: close this order").check();
  await dialog.getByRole("button", { name: "Record receipt" }).click();
  await expect(card).toHaveCount(0);
  await page.getByLabel("Show").selectOption("all");
  await expect(card.getByText("received", { exact: true })).toBeVisible();
});

test("the rules tab lists rules and suggests defaults from usage", async ({ page }) => {
  await signInAs(page, "owner");
  await page.goto("/resupply");
  await page.getByRole("tab", { name: "Rules" }).click();
  await expect(page.getByRole("button", { name: /^Edit rule for / }).first()).toBeVisible();
  await snap(page, "resupply-rules");
  await page.getByRole("button", { name: /^Edit rule for / }).first().click();
  const dialog = page.getByRole("dialog", { name: "Edit resupply rule" });
  await dialog.getByRole("button", { name: "Suggest from usage" }).click();
  await expect(dialog.getByText(/used a day over the last two weeks/)).toBeVisible();
  await dialog.getByLabel(/^Target level/).fill("0");
  await dialog.getByRole("button", { name: "Save rule" }).click();
  await expect(dialog.getByText(/above/)).toBeVisible();
  await snap(page, "resupply-rule-form");
});

test("the owner subscribes a webhook, sees its secret once and runs a job", async ({ page }) => {
  await signInAs(page, "owner");
  await page.goto("/settings");
  await page.getByRole("link", { name: "Outbound webhooks" }).click();
  await expect(page.getByRole("heading", { name: "Outbound webhooks" })).toBeVisible();
  await expect(page.getByText("No subscriptions yet")).toBeVisible();
  await page.getByLabel("Endpoint URL").fill("https://hooks.example.com/backroom");
  await page.getByLabel("Description").fill("Newsletter tool");
  await page.getByRole("button", { name: "Add subscription" }).click();
  await expect(page.getByTestId("secret-value")).toContainText("whsec_");
  await expect(page.getByText("Newsletter tool")).toBeVisible();
  await snap(page, "settings-webhooks");

  await page.goto("/settings/jobs");
  await expect(page.getByRole("heading", { name: "Background jobs" })).toBeVisible();
  await page.getByRole("button", { name: "Run resupply-scan now" }).click();
  await expect(page.getByRole("status").filter({ hasText: /resupply-scan: succeeded/ })).toBeVisible();
  await snap(page, "settings-jobs");
});

test("a manager raises an order by hand for a catering job", async ({ page }) => {
  await signInAs(page, "manager");
  await page.goto("/resupply");
  await page.getByRole("button", { name: "Raise an order" }).click();
  const dialog = page.getByRole("dialog", { name: "Raise an order" });
  await dialog.getByRole("button", { name: "Raise order" }).click();
  await expect(dialog.getByText("Pick a location.")).toBeVisible();
  await dialog.getByLabel("Location").selectOption({ label: "Main Street store" });
  await dialog.getByLabel("Component").selectOption({ label: "Vanilla glaze (g)" });
  await dialog.getByLabel(/^Quantity/).fill("2500");
  await dialog.getByLabel("Reason").fill("Office catering on Friday");
  await snap(page, "resupply-raise");
  await dialog.getByRole("button", { name: "Raise order" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText("Office catering on Friday")).toBeVisible();
});
