// Shared steps: unique accounts, an axe scan that must find nothing, and a guard that fails a
// test on any console error or uncaught exception (hydration mismatches, CSP refusals).
import { BrowserContext, expect, Page, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export const PASSWORD = 'kestane şekeri 16';
export const ADMIN = { email: 'yonetici@e2e.example', password: 'e2e yonetici parolasi' };

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@e2e.example`;
}

/**
 * axe-core on the page as the reader sees it. axe runs as a script, so for a page opened with
 * JavaScript off its exact HTML is scanned in a scripting page on the same origin (under the
 * strict CSP of a JSON response, so the copy does not hydrate and change itself first).
 */
export async function expectAccessible(page: Page) {
  let target = page;
  let scratch: BrowserContext | undefined;
  if (!scriptsRun()) {
    const html = await page.content();
    const browser = page.context().browser()!;
    scratch = await browser.newContext({ javaScriptEnabled: true, viewport: page.viewportSize() ?? undefined });
    target = await scratch.newPage();
    await target.goto(new URL('/api/v1/health', page.url()).toString());
    // Only the markup and the stylesheet matter to axe: drop scripts and preloads.
    const markup = html
      .replace(/<script\b[\s\S]*?<\/script>/g, '')
      .replace(/<link rel="(modulepreload|preload)"[^>]*>/g, '');
    await target.setContent(markup, { waitUntil: 'load' });
  }
  const results = await new AxeBuilder({ page: target }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  await scratch?.close();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/** Whether this test project runs page scripts (the `no-js` project does not). */
function scriptsRun(): boolean {
  return test.info().project.use.javaScriptEnabled !== false;
}

/** Fails the test when the page logs an error or throws. */
export function watchConsole(page: Page) {
  const problems: string[] = [];
  page.on('console', (msg) => {
    // A 404 page is itself logged as a failed resource load; that one is expected.
    if (msg.type() === 'error' && !msg.text().includes('status of 404')) problems.push(`console on ${page.url()} (from ${JSON.stringify(msg.location())}): ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  return () => expect(problems, 'console errors').toEqual([]);
}

/** With JavaScript on, waits until the wasm bundle has hydrated the page's islands (the debug
 * bundle is 2 MB; compiling it on a loaded 2-core machine can take seconds). */
export async function waitForHydration(page: Page, jsEnabled: boolean) {
  if (!jsEnabled) return;
  // Only pages with an island load the bundle; the others have nothing to hydrate.
  if ((await page.locator('leptos-island').count()) === 0) return;
  await page.waitForFunction(() => (window as any).__fikir_hydrated === true, undefined, { timeout: 40_000 });
}

export async function signUp(page: Page, name: string, email: string, password = PASSWORD) {
  await page.goto('/sign-up');
  await page.getByLabel('Adınız ve soyadınız').fill(name);
  await page.getByLabel('E-posta adresi').fill(email);
  await page.getByLabel('Parola').fill(password);
  await page.getByRole('button', { name: 'Hesap oluştur' }).click();
  await expect(page).toHaveURL(/\/account$/);
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/sign-in');
  await page.getByLabel('E-posta adresi').fill(email);
  await page.getByLabel('Parola').fill(password);
  await page.getByRole('button', { name: 'Giriş yap' }).click();
}

/** Opens one of the header's menus (a `<details>`: it opens without JavaScript too) by the
 * start of its name: `Hesabım` (the person's pages and sign-out) or `Çalışma alanı` (staff,
 * committee and admin pages). */
export async function openMenu(page: Page, name: string) {
  const menu = page.getByRole('navigation').locator('details', { has: page.locator('summary', { hasText: name }) });
  if ((await menu.getAttribute('open')) === null) await menu.locator('summary').click();
  await expect(menu).toHaveAttribute('open', '');
}

/** Signs out from the account menu. */
export async function signOut(page: Page) {
  await openMenu(page, 'Hesabım');
  await page.getByRole('navigation').getByRole('button', { name: 'Çıkış yap' }).click();
}
