// The public map (issue 11), with JavaScript on and off, on a phone: located submissions are
// drawn (clustered) from the platform's own Leaflet, filtered like the listing, and each point
// opens its page; without JavaScript the page says so and links to the same submissions as a
// list. No background tiles: the tests reach nothing beyond loopback.
import { expect, test } from '@playwright/test';
import { expectAccessible, signUp, uniqueEmail, watchConsole } from './helpers';

test('located submissions are on the public map, filtered like the listing', async ({ page, javaScriptEnabled, baseURL }) => {
  const clean = watchConsole(page);
  await signUp(page, 'Harita Vatandaşı', uniqueEmail('harita'));
  const token = `${Date.now() % 1_000_000}`;
  const made: number[] = [];
  for (const [kind, title, lat, lon] of [
    ['idea', `Çarşıya bisiklet parkı ${token}`, 40.0781, 29.5133],
    ['complaint', `Köy yolunda çukur ${token}`, 39.9, 29.7],
  ] as const) {
    const res = await page.request.post('/api/v1/submissions', {
      headers: { Origin: baseURL! },
      data: { kind, title, body: 'Uzun zamandır bekleniyor, lütfen bakın.', category_id: 1, neighbourhood_id: 1, lat, lon },
    });
    expect(res.status()).toBe(201);
    made.push((await res.json()).id);
  }

  await page.goto(`/map?q=${token}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Harita');
  await expect(page.getByRole('link', { name: 'Bu başvuruları liste olarak görün' })).toHaveAttribute('href', `/submissions?q=${token}`);
  if (!javaScriptEnabled) {
    await expect(page.getByText('Haritayı görmek için JavaScript gerekir.', { exact: false })).toBeVisible();
    await expectAccessible(page);
    clean();
    return;
  }
  const map = page.locator('#map');
  await expect(map).toHaveAttribute('data-loaded', '2', { timeout: 20_000 });
  await expect(page.locator('#map-status')).toHaveText('Haritada 2 başvuru var.');
  await expect(page.getByText('Haritayı görmek için JavaScript gerekir.', { exact: false })).toBeHidden();
  await expectAccessible(page);

  // The listing's filters: only the complaint; its marker opens its page.
  await page.goto(`/map?q=${token}&kind=complaint`);
  await expect(map).toHaveAttribute('data-loaded', '1', { timeout: 20_000 });
  await page.getByRole('button', { name: `Köy yolunda çukur ${token}` }).click();
  await page.getByRole('link', { name: new RegExp(`Köy yolunda çukur ${token}`) }).click();
  await expect(page).toHaveURL(new RegExp(`/submissions/${made[1]}$`));
  clean();
});
