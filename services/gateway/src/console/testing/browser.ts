// Debian's chromium driven by playwright-core (a test tool's own browser download does not work on
// these machines). Launch flags from STACK.md; playwright gives every launch a fresh temporary
// profile (--user-data-dir) of its own.
import { access, constants, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { REPO_ROOT } from "./child-process.ts";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const ARTIFACTS = join(REPO_ROOT, "test-artifacts", "console");

const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export type TestBrowser = {
  browser: Browser;
  /** A new isolated browser context (its own sessionStorage), as a second admin would have. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
};

export async function launchBrowser(): Promise<TestBrowser> {
  await access(CHROMIUM, constants.X_OK).catch(() => {
    throw new Error(`the console browser test needs Debian's chromium at ${CHROMIUM}: install it (apt-get install chromium; bash .ci/run does) or set CHROMIUM_PATH`);
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  const contexts: BrowserContext[] = [];
  await mkdir(ARTIFACTS, { recursive: true });
  return {
    browser,
    async newPage() {
      const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Signs in on the console's login page with a pasted bearer token. */
export async function signIn(page: Page, baseUrl: string, token: string, hash = "#/"): Promise<void> {
  await page.goto(`${baseUrl}/${hash}`);
  await page.locator("#token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.locator("#session button", { hasText: "Sign out" }).waitFor();
}
