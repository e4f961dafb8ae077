// The review board's workflow (issue 10), with JavaScript on and off: staff send a citizen's idea
// to the committee with a public note, the chair cannot reject it without a reason (the error is
// on the form, what was typed is kept), then approves it; a visitor reads each step on the
// public timeline. axe-core runs on the page with the form.
import { expect, test } from '@playwright/test';
import { ADMIN, expectAccessible, signIn, signOut, signUp, uniqueEmail, watchConsole } from './helpers';

test('staff and the chair move an idea on, and the public sees each step', async ({ page, browser, baseURL, javaScriptEnabled }) => {
  const clean = watchConsole(page);
  const title = `Pazar yerine gölgelik ${Date.now() % 1_000_000}`;
  await signUp(page, 'Ayşe Yazar', uniqueEmail('kurul'));
  const made = await page.request.post('/api/v1/submissions', {
    headers: { Origin: baseURL! },
    data: { kind: 'idea', title, body: 'Yazın çok sıcak.', category_id: 1, neighbourhood_id: 1 },
  });
  expect(made.status()).toBe(201);
  const { id } = await made.json();
  await signOut(page);

  await signIn(page, ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL(/\/account$/);
  await page.goto(`/submissions/${id}`);
  await expect(page.getByRole('heading', { name: 'Başvuruyu ilerlet' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Yeni aşama').selectOption({ label: 'Değerlendirmede' });
  await page.getByLabel('Kamuya açık not').fill('Destek eşiğine yaklaştı, kurula gönderildi.');
  await page.getByLabel('İç not (isteğe bağlı)').fill('Bütçe Mali Hizmetler ile konuşulacak.');
  await page.getByRole('button', { name: 'Adımı kaydet' }).click();
  await expect(page.getByText('Adım zaman çizelgesine kaydedildi.')).toBeVisible();
  await expect(page.getByText('Destek eşiğine yaklaştı, kurula gönderildi.')).toBeVisible();
  await expect(page.getByText('Bütçe Mali Hizmetler ile konuşulacak.')).toBeVisible();

  // Rejecting needs a reason the public reads.
  await page.getByLabel('Yeni aşama').selectOption({ label: 'Reddedildi' });
  await page.getByLabel('İç not (isteğe bağlı)').fill('Gerekçe yazılmadı');
  await page.getByRole('button', { name: 'Adımı kaydet' }).click();
  await expect(page.getByRole('heading', { name: 'Bir sorun var' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Kamunun okuyacağı gerekçeyi yazın' })).toBeVisible();
  await expect(page.getByLabel('İç not (isteğe bağlı)')).toHaveValue('Gerekçe yazılmadı');
  await expectAccessible(page);

  await page.getByLabel('Yeni aşama').selectOption({ label: 'Onaylandı' });
  await page.getByLabel('Kamuya açık not').fill('Kurul oy birliğiyle onayladı.');
  await page.getByRole('button', { name: 'Adımı kaydet' }).click();
  await expect(page.getByText('Adım zaman çizelgesine kaydedildi.')).toBeVisible();

  const context = await browser.newContext({ javaScriptEnabled, locale: 'tr-TR' });
  const visitor = await context.newPage();
  await visitor.goto(`/submissions/${id}`);
  const timeline = visitor.locator('.timeline');
  await expect(timeline.getByText('Kurul oy birliğiyle onayladı.')).toBeVisible();
  await expect(timeline.getByText('Destek eşiğine yaklaştı, kurula gönderildi.')).toBeVisible();
  await expect(timeline).not.toContainText('Bütçe Mali Hizmetler');
  await expect(visitor.getByRole('heading', { name: 'Başvuruyu ilerlet' })).toHaveCount(0);
  await context.close();
  clean();
});
