import type { Page } from "playwright-core";
import type { E2EAccount } from "./global-setup";

/** Fills and submits the sign-in form; does not wait for the outcome. */
export async function submitSignIn(page: Page, account: { email: string; password: string }): Promise<void> {
  if (!new URL(page.url(), "http://x").pathname.startsWith("/signin")) await page.goto("/signin");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Signs in and waits until the dashboard (the inbox, or the callback page) has rendered. */
export async function signIn(page: Page, account: E2EAccount, landing = "/inbox"): Promise<void> {
  await submitSignIn(page, account);
  await page.waitForURL((u) => u.pathname === landing);
  await mainNav(page).waitFor();
}

export function mainNav(page: Page) {
  return page.getByRole("navigation", { name: "Main" });
}

export async function navLabels(page: Page): Promise<string[]> {
  const links = mainNav(page).getByRole("link");
  return (await links.allInnerTexts()).map((t) => t.trim());
}

/** Waits for the sign-in error alert and returns its text. */
export async function signInError(page: Page): Promise<string> {
  const alert = page.getByTestId("signin-error");
  await alert.waitFor();
  return (await alert.innerText()).trim();
}

/** With E2E_SCREENSHOTS=1, saves a screenshot to tests/.artifacts/<name>.png (for design review). */
export async function snap(page: Page, name: string): Promise<void> {
  if (process.env.E2E_SCREENSHOTS !== "1") return;
  await page.screenshot({ path: `tests/.artifacts/${name}.png`, fullPage: true });
}
