// axe-core on every page, in both languages, plus the page-shell rules of UX.md §5.
import { expect, test } from '@playwright/test';
import { ADMIN, expectAccessible, openMenu, signIn, waitForHydration, watchConsole } from './helpers';

const publicPages = ['/', '/sign-up', '/sign-in', '/board', '/bu-sayfa-yok'];

for (const lang of ['tr-TR', 'en-GB']) {
  test(`public pages are accessible (${lang})`, async ({ browser, javaScriptEnabled }) => {
    const context = await browser.newContext({ locale: lang, javaScriptEnabled });
    const page = await context.newPage();
    const clean = watchConsole(page);
    for (const path of publicPages) {
      const res = await page.goto(path);
      expect(res?.status()).toBe(path === '/bu-sayfa-yok' ? 404 : 200);
      if (path !== '/bu-sayfa-yok') await waitForHydration(page, javaScriptEnabled);
      await expect(page.getByRole('main')).toHaveCount(1);
      await expect(page.getByRole('banner')).toHaveCount(1);
      await expect(page.getByRole('contentinfo')).toHaveCount(1);
      await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
      await expectAccessible(page);
    }
    clean();
    await context.close();
  });
}

test('signed-in pages are accessible, and the admin manages roles', async ({ page, javaScriptEnabled }) => {
  const clean = watchConsole(page);
  await signIn(page, ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL(/\/account$/);
  await waitForHydration(page, javaScriptEnabled);
  await expectAccessible(page);

  await openMenu(page, 'Çalışma alanı');
  await page.getByRole('navigation').getByRole('link', { name: 'Roller' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Roller ve yetkiler');
  await page.getByLabel('Ad ya da e-posta ile arayın').fill('yonetici@e2e');
  await page.getByRole('button', { name: 'Ara' }).click();
  await expect(page.getByRole('heading', { name: '1 kişi gösteriliyor' })).toBeVisible();
  await expect(page.getByLabel('Çalıştığı müdürlük (personel için)')).toBeVisible();
  await expectAccessible(page);

  // The staff's directorate queue (issue 11), from the work menu.
  await openMenu(page, 'Çalışma alanı');
  await page.getByRole('navigation').getByRole('link', { name: 'Müdürlük kuyruğu' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Müdürlük kuyruğu');
  await page.locator('summary', { hasText: 'Filtrele' }).click();
  await expect(page.getByLabel('Yalnızca bana verilenler')).toBeVisible();
  await expectAccessible(page);
  clean();
});

test('skip link is the first tab stop and moves focus to main', async ({ page, javaScriptEnabled }) => {
  await page.goto('/');
  await waitForHydration(page, javaScriptEnabled);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Ana içeriğe geç' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
});

test('no sideways scrolling at 320 px', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  for (const path of publicPages) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
});
