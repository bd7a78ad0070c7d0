import { expect, type Page } from "@playwright/test";
import { DEMO_PASSWORD, DEMO_USERS } from "../prisma/seed/demo-users";

export type DemoUser = keyof typeof DEMO_USERS;

/** Signs in through the real form as one of the seeded demo users. */
export async function signInAs(page: Page, who: DemoUser) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(DEMO_USERS[who].email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

/** Saves a screenshot under screenshots/ for people to look at (not compared). */
export async function snap(page: Page, name: string) {
  await page.screenshot({ path: `screenshots/${name}.png`, fullPage: true });
}
