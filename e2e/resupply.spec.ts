import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
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

type Received = { id: string; type: string; headers: Record<string, string>; body: string };

/** A subscriber on this machine whose answer the test sets; it keeps every request it gets. */
async function startReceiver() {
  const received: Received[] = [];
  const state = { answer: 200 };
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      let type = "";
      try {
        type = String((JSON.parse(body) as { type?: unknown }).type ?? "");
      } catch {
        // a body that is not JSON keeps an empty type and fails the test's verification
      }
      received.push({ id: headers["webhook-id"] ?? "", type, headers, body });
      res.writeHead(state.answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/backroom`;
  // Other tests running at the same time can raise stock.low events that this subscriber also gets.
  const tests = () => received.filter((r) => r.type === "webhook.test");
  return { url, received, tests, state, close: () => new Promise((resolve) => server.close(resolve)) };
}

const verify = (secret: string, r: Received) =>
  new Webhook(secret).verify(r.body, { "webhook-id": r.id, "webhook-timestamp": r.headers["webhook-timestamp"] ?? "", "webhook-signature": r.headers["webhook-signature"] ?? "" });

test("the owner subscribes a receiver, test-sends, reads the log, replays a failure and rotates the secret", async ({ page }) => {
  const receiver = await startReceiver();
  await signInAs(page, "owner");
  await page.goto("/settings");
  await page.getByRole("link", { name: "Outbound webhooks" }).click();
  await expect(page.getByRole("heading", { name: "Outbound webhooks" })).toBeVisible();
  await expect(page.getByText("No subscriptions yet")).toBeVisible();
  await page.getByLabel("Endpoint URL").fill(receiver.url);
  await page.getByLabel("Description").fill("Listings tool");
  await page.getByLabel("stock.low").check();
  await page.getByRole("button", { name: "Add subscription" }).click();
  const card = page.getByRole("article", { name: "Subscription Listings tool" });
  await expect(card).toBeVisible();
  const secret = ((await page.getByTestId("secret-value").textContent()) ?? "").trim();
  expect(secret).toMatch(/^whsec_/);

  // A signed test event that the receiver verifies with the secret it was shown once.
  await card.getByRole("button", { name: "Send test" }).click();
  await expect(card.getByRole("status")).toHaveText(/^Test event: delivered \(HTTP 200\)/);
  expect(receiver.tests()).toHaveLength(1);
  expect(verify(secret, receiver.tests()[0]!)).toMatchObject({ type: "webhook.test" });

  // The receiver breaks: the failure is in the log; once it is fixed, a replay goes through.
  receiver.state.answer = 500;
  await card.getByRole("button", { name: "Send test" }).click();
  await expect(card.getByRole("status")).toHaveText(/^Test event: not delivered \(HTTP 500\)/);
  await card.getByRole("button", { name: "Delivery log" }).click();
  // stock.low deliveries caused by other tests may land in this log too; count only the test events.
  const testRows = card.getByRole("row").filter({ hasText: "webhook.test" });
  const failed = testRows.filter({ hasText: "HTTP 500" });
  await expect(failed).toHaveCount(1);
  await expect(failed.getByText("failed", { exact: true })).toBeVisible();
  await expect(testRows.filter({ hasText: "succeeded" })).toHaveCount(1);
  await snap(page, "settings-webhooks-log");
  receiver.state.answer = 200;
  const failedId = receiver.tests()[1]?.id;
  await failed.getByRole("button", { name: "Replay" }).click();
  await expect(failed.getByText("pending", { exact: true })).toBeVisible();
  // The outbound-delivery job sends it on its next run (every 15 s).
  await expect.poll(() => receiver.received.filter((r) => r.id === failedId).length, { timeout: 40_000 }).toBe(2);
  await page.reload();
  await card.getByRole("button", { name: "Delivery log" }).click();
  await expect(testRows.filter({ hasText: "succeeded" })).toHaveCount(2);

  // Rotation: the new secret is shown once, and both secrets verify for the grace period.
  await card.getByRole("button", { name: "Rotate secret" }).click();
  await expect(card.getByTestId("secret-value")).toContainText("whsec_");
  const rotated = ((await card.getByTestId("secret-value").textContent()) ?? "").trim();
  expect(rotated).not.toBe(secret);
  await expect(card.getByText(/signed with both secrets/)).toBeVisible();
  await card.getByRole("button", { name: "Send test" }).click();
  await expect(card.getByRole("status")).toHaveText(/^Test event: delivered \(HTTP 200\)/);
  const last = receiver.tests().at(-1);
  if (!last) throw new Error("nothing received");
  expect(verify(secret, last)).toMatchObject({ type: "webhook.test" });
  expect(verify(rotated, last)).toMatchObject({ type: "webhook.test" });
  await snap(page, "settings-webhooks");
  await receiver.close();

  await page.goto("/settings/jobs");
  await expect(page.getByRole("heading", { name: "Background jobs" })).toBeVisible();
  await page.getByRole("button", { name: "Run resupply-scan now" }).click();
  await expect(page.getByRole("status").filter({ hasText: /resupply-scan: succeeded/ })).toBeVisible();
  await snap(page, "settings-jobs");
});

/** A date `days` from now in the demo shop's calendar, as the datetime-local input wants it. */
function shopDay(days: number): { input: string; label: string } {
  const at = new Date(Date.now() + days * 86_400_000);
  const timeZone = "America/New_York";
  return {
    input: new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at),
    label: new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium" }).format(at),
  };
}

test("a manager raises an order by hand for a catering job", async ({ page }) => {
  await signInAs(page, "manager");
  await page.goto("/resupply");
  // Six days out: later than anything the stock check raises, whatever today is.
  const day = shopDay(6);
  const raise = async (quantity: string, reason: string) => {
    await page.getByRole("button", { name: "Raise an order" }).click();
    const dialog = page.getByRole("dialog", { name: "Raise an order" });
    await dialog.getByLabel("Location").selectOption({ label: "Main Street store" });
    await dialog.getByLabel("Component").selectOption({ label: "Vanilla glaze (g)" });
    await dialog.getByLabel(/^Quantity/).fill(quantity);
    await dialog.getByLabel("Needed by").fill(`${day.input}T10:00`);
    await dialog.getByLabel("Reason").fill(reason);
    await dialog.getByRole("button", { name: "Raise order" }).click();
    await expect(dialog).toHaveCount(0);
  };

  await page.getByRole("button", { name: "Raise an order" }).click();
  const dialog = page.getByRole("dialog", { name: "Raise an order" });
  await dialog.getByRole("button", { name: "Raise order" }).click();
  await expect(dialog.getByText("Pick a location.")).toBeVisible();
  await snap(page, "resupply-raise");
  await dialog.getByRole("button", { name: "Cancel" }).click();

  await raise("2500", "Office catering on Friday");
  // It rides on the supplier's 07:00 delivery that morning (daily, a day's lead time).
  const card = page.getByRole("article", { name: new RegExp(`^Sweet Supply Co\\. order for Main Street store, delivery ${day.label}, 7:00\\sAM$`) });
  await expect(card.getByText("Office catering on Friday (+2500 g)")).toBeVisible();
  const quantity = card.getByRole("button", { name: "Change quantity of Vanilla glaze" });
  await expect(quantity).toHaveText("2.5 kg");
  await expect(card.getByText("set by hand")).toBeVisible();

  // The same need again (a double submit) changes nothing; a second need adds up.
  await raise("2500", "Office catering on Friday");
  await expect(quantity).toHaveText("2.5 kg");
  await raise("500", "Birthday cake order");
  await expect(quantity).toHaveText("3 kg");
  await expect(card.getByRole("list", { name: "Why Vanilla glaze is ordered" }).getByRole("listitem")).toHaveText([
    "Office catering on Friday (+2500 g)",
    "Birthday cake order (+500 g)",
  ]);
  await expect(card.getByRole("button", { name: /^Change quantity of / })).toHaveCount(1);
  await snap(page, "resupply-raised");
});
