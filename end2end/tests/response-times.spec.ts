// Response times (issue 11), with JavaScript on and off: anyone reads how quickly the Solution
// Centre answers, month by month; an admin keeps the holiday calendar, and a wrong working hour
// comes back with its message and what was typed.
import { expect, test } from '@playwright/test';
import { ADMIN, expectAccessible, signIn, waitForHydration, watchConsole } from './helpers';

/** A date no other run uses: a day after 2030-01-01 taken from the clock. */
function unusedDate(): string {
  const day = new Date(Date.UTC(2030, 0, 1) + (Date.now() % 20_000) * 86_400_000);
  return day.toISOString().slice(0, 10);
}

test('the public reads the response times; an admin keeps the holiday calendar', async ({ page, javaScriptEnabled }) => {
  const clean = watchConsole(page);
  await page.goto('/response-times');
  await waitForHydration(page, javaScriptEnabled);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Yanıt süreleri');
  await expect(page.getByRole('columnheader', { name: 'Hedef içinde ilk yanıt' })).toBeVisible();
  await expectAccessible(page);
  await page.getByText('Süreler nasıl sayılıyor?').click();
  await expect(page.getByText(/hafta içi 08:00–17:00/)).toBeVisible();
  await page.goto('/response-times?from=2026-99');
  await expect(page.getByRole('alert')).toContainText('Bu değer geçerli değil');

  await signIn(page, ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL(/\/account$/);
  await page.goto('/admin/response-times');
  await waitForHydration(page, javaScriptEnabled);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Yanıt süreleri ve çalışma takvimi');
  await expectAccessible(page);

  await page.getByLabel('Mesai bitişi', { exact: true }).fill('07:00');
  await page.getByRole('button', { name: 'Mesai saatlerini kaydet' }).click();
  await expect(page.getByRole('alert')).toContainText('Kapanış saati açılış saatinden sonra olmalı');
  await expect(page.getByLabel('Mesai bitişi', { exact: true })).toHaveValue('07:00');
  await expectAccessible(page);

  const date = unusedDate();
  await page.getByLabel('Tarih', { exact: true }).fill(date);
  await page.getByLabel('Türkçe adı').fill('Kar tatili (idari izin)');
  await page.getByLabel('Türü').selectOption({ label: 'İdari izin' });
  await page.getByRole('button', { name: 'Günü ekle' }).click();
  await expect(page.getByText('Gün takvime eklendi.')).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: date });
  await expect(row).toContainText('Kar tatili (idari izin)');
  await row.getByRole('button', { name: `${date} tarihini takvimden sil` }).click();
  await expect(page.getByText('Gün takvimden silindi.')).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: date })).toHaveCount(0);
  clean();
});
