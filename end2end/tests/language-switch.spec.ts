// Journey: switch to English and back; the choice is remembered, <html lang> follows.
import { expect, test } from '@playwright/test';
import { expectAccessible, waitForHydration, watchConsole } from './helpers';

test('switch language and keep it', async ({ page, javaScriptEnabled }) => {
  const clean = watchConsole(page);
  await page.goto('/sign-in?next=%2Faccount');
  await expect(page.locator('html')).toHaveAttribute('lang', 'tr');
  await waitForHydration(page, javaScriptEnabled);

  const english = page.getByRole('link', { name: 'English' });
  await expect(english).toHaveAttribute('hreflang', 'en');
  await english.click();
  await expect(page).toHaveURL(/\/sign-in\?next=%2Faccount$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
  await expectAccessible(page);

  await page.getByRole('main').getByRole('link', { name: 'Create an account' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create an account');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await page.getByRole('link', { name: 'Türkçe' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'tr');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hesap oluşturun');
  clean();
});

test('English visitors get English on their first visit', async ({ browser, javaScriptEnabled }) => {
  const context = await browser.newContext({ locale: 'en-GB', javaScriptEnabled });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Share your idea for İnegöl');
  await context.close();
});
