// Picking a submission's point (issue 11), on a 390 px phone: the submission form and the staff
// intake screen show a map (public/pick.js, on the platform's own Leaflet) above the latitude and
// longitude fields, which stay for browsers without JavaScript. A tap on the map, "use my
// location" (the browser's geolocation, set by the test) or "use the map's centre" fills the
// fields; the open submissions near the point are listed, each opening in a new tab; "remove the
// location" empties the fields. A point outside the district is refused with what was typed
// kept (and the marker put there); without JavaScript the fields alone make a located
// submission. The submission's page shows its point on a small map (without JavaScript, the
// coordinates in words), and the public map has it. axe-core runs on the form with the picker
// (a point chosen, the nearby list open) and on a page with the point map. No background
// tiles: the tests reach nothing beyond loopback.
import { Browser, BrowserContext, expect, Locator, Page, test } from '@playwright/test';
import { ADMIN, expectAccessible, openMenu, signIn, signUp, uniqueEmail, waitForHydration, watchConsole } from './helpers';

const PHONE = { width: 390, height: 844 };
test.use({ viewport: PHONE });

/** The district's box (reference/inegol-district.json), a little rounded outwards. */
const BOX = { south: 39.83, north: 40.21, west: 29.24, east: 29.8 };
const OUTSIDE = 'Konum İnegöl ilçe sınırları içinde olmalı';
const PICKED = /^Konum işaretlendi: enlem (\d+\.\d{6}), boylam (\d+\.\d{6})\.$/;
const SIX_DECIMALS = /^\d+\.\d{6}$/;

/** A token the search finds in one title only. */
function uniqueToken(): string {
  return `${Date.now() % 1_000_000}${Math.floor(Math.random() * 1000)}`;
}

/** A new citizen's located idea, through the API as the other journeys make theirs; its id. */
async function newLocatedIdea(author: Page, baseURL: string, title: string, lat: number, lon: number): Promise<number> {
  const made = await author.request.post('/api/v1/submissions', {
    headers: { Origin: baseURL },
    data: { kind: 'idea', title, body: 'Kaldırım çok dar, yürümek zor.', category_id: 1, neighbourhood_id: 1, lat, lon },
  });
  expect(made.status()).toBe(201);
  return (await made.json()).id;
}

/** The form's fields other than the location. */
async function fillTheRest(page: Page, title: string) {
  await page.getByLabel('Fikir', { exact: true }).check();
  await page.getByLabel('Başlık').fill(title);
  await page.getByLabel('Açıklama').fill('Sokakta gece yürümek tehlikeli, bir lamba gerekiyor.');
  await page.getByLabel('Kategori').selectOption({ label: 'Park ve yeşil alanlar' });
  await page.getByLabel('Mahalle').selectOption({ label: 'Cuma' });
}

const latField = (page: Page) => page.getByLabel('Enlem', { exact: true });
const lonField = (page: Page) => page.getByLabel('Boylam', { exact: true });

/** The picker, once pick.js has shown it and Leaflet has drawn its map with the district's
 * outline (blue); it sits above the decimal fields. */
async function livePicker(page: Page): Promise<Locator> {
  const picker = page.locator('.map-pick');
  await expect(picker).toBeVisible();
  const map = picker.locator('.map-pick__map');
  await expect(map).toHaveClass(/leaflet-container/);
  await expect(map).toHaveAttribute('aria-label', 'Konum seçme haritası');
  await expect(map.locator('path[stroke="#1d70b8"]')).toHaveCount(1);
  const [pickerBox, latBox] = [await picker.boundingBox(), await latField(page).boundingBox()];
  expect(pickerBox!.y, 'the picker comes before the decimal fields').toBeLessThan(latBox!.y);
  return picker;
}

/** Whether a filled coordinate pair is a number inside the district's box. */
function expectInDistrict(lat: string, lon: string) {
  expect(lat).toMatch(SIX_DECIMALS);
  expect(lon).toMatch(SIX_DECIMALS);
  expect(Number(lat)).toBeGreaterThanOrEqual(BOX.south);
  expect(Number(lat)).toBeLessThanOrEqual(BOX.north);
  expect(Number(lon)).toBeGreaterThanOrEqual(BOX.west);
  expect(Number(lon)).toBeLessThanOrEqual(BOX.east);
}

/** The coordinates in words on a submission's page (5 decimals). */
const inWords = (lat: string | number, lon: string | number) => `Enlem ${Number(lat).toFixed(5)}, boylam ${Number(lon).toFixed(5)}`;

/** A context of its own (a phone, in Turkish) with a page that fails the test on a console error. */
async function phone(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}) {
  const context: BrowserContext = await browser.newContext({ locale: 'tr-TR', viewport: PHONE, ...options });
  const page = await context.newPage();
  const clean = watchConsole(page);
  return { context, page, clean };
}

test('a citizen taps the map, sends the form; the page shows the point and the public map has it', async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'the map needs JavaScript (the JavaScript-off journey is below)');
  const clean = watchConsole(page);
  const token = uniqueToken();
  const title = `Ara sokağa aydınlatma ${token}`;
  await signUp(page, 'Derya Haritacı', uniqueEmail('pick-dokun'));
  await page.goto('/submissions/new');
  await waitForHydration(page, true);
  const picker = await livePicker(page);
  await expect(latField(page)).toHaveValue('');

  // A tap in the middle of the map (the district's box) marks the point and fills the fields.
  await picker.locator('.map-pick__map').click();
  await expect(latField(page)).toHaveValue(SIX_DECIMALS);
  await expect(lonField(page)).toHaveValue(SIX_DECIMALS);
  const [lat, lon] = [await latField(page).inputValue(), await lonField(page).inputValue()];
  expectInDistrict(lat, lon);
  await expect(picker.getByRole('status')).toHaveText(`Konum işaretlendi: enlem ${lat}, boylam ${lon}.`);
  await expect(picker.locator('.leaflet-marker-icon[alt="Seçilen konum"]')).toHaveCount(1);

  await fillTheRest(page, title);
  await page.getByRole('button', { name: 'Gönder' }).click();
  await expect(page).toHaveURL(/\/submissions\/\d+$/);
  await expect(page.getByText('Başvurunuz alındı.')).toBeVisible();
  const id = Number(new URL(page.url()).pathname.split('/').pop());
  await expect(page.getByText(inWords(lat, lon), { exact: true })).toBeVisible();
  const point = page.locator('[data-show="point"]');
  await expect(point).toBeVisible();
  await expect(point).toHaveClass(/map--live/);
  await expect(point).toHaveAttribute('aria-label', 'Başvurunun konumu haritada');
  await expect(point.locator('.leaflet-marker-icon')).toHaveCount(1);
  await expect(point.locator('.leaflet-marker-icon')).toHaveAttribute('alt', title);

  // The public map, the whole district in view, filtered to this one: its marker opens its page.
  await page.goto(`/map?q=${token}`);
  const map = page.locator('#map');
  await expect(map).toHaveAttribute('data-loaded', '1', { timeout: 20_000 });
  await page.getByRole('button', { name: title }).click();
  const link = page.locator('.leaflet-popup-content a');
  await expect(link).toHaveAttribute('href', `/submissions/${id}`);
  await expect(link).toContainText(title);
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/submissions/${id}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  clean();
});

test('“Konumumu kullan” takes the device’s location and lists the open submissions near it; “Konumu kaldır” empties the fields', async ({ browser, baseURL, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'the device’s location needs JavaScript');
  const { context, page, clean } = await phone(browser, {
    geolocation: { latitude: 40.0779, longitude: 29.5131 },
    permissions: ['geolocation'],
  });
  const title = `Çarşı girişine bank ${uniqueToken()}`;
  await signUp(page, 'Kemal Konumlu', uniqueEmail('pick-konum'));
  // Someone already reported something right there.
  const id = await newLocatedIdea(page, baseURL!, title, 40.0779, 29.5131);

  await page.goto('/submissions/new');
  await waitForHydration(page, true);
  const picker = await livePicker(page);
  const nearby = picker.locator('section.nearby');
  await expect(nearby).toBeHidden();
  await picker.getByRole('button', { name: 'Konumumu kullan' }).click();
  await expect(latField(page)).toHaveValue('40.077900');
  await expect(lonField(page)).toHaveValue('29.513100');
  await expect(picker.getByRole('status')).toHaveText('Konumunuz işaretlendi. Doğru değilse haritada düzeltin.');
  await expect(picker.locator('.leaflet-marker-icon[alt="Seçilen konum"]')).toHaveCount(1);

  // The nearby list: the report there, 0 m away, opening in a new tab (what was typed stays).
  await expect(nearby).toBeVisible();
  await expect(nearby.getByRole('heading', { name: 'Yakındaki açık başvurular' })).toBeVisible();
  const item = nearby.locator('.nearby__list li', { has: page.locator(`a[href="/submissions/${id}"]`) });
  await expect(item).toHaveCount(1);
  const link = item.getByRole('link');
  await expect(link).toHaveText(new RegExp(`^INE-\\d{4}-\\d{6} – ${title} \\(yeni sekmede açılır\\)$`));
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(item).toContainText('· 0 m uzakta');
  const [tab] = await Promise.all([context.waitForEvent('page'), link.click()]);
  await expect(tab).toHaveURL(new RegExp(`/submissions/${id}$`));
  await expect(tab.getByRole('heading', { level: 1 })).toHaveText(title);
  await tab.close();
  await expect(latField(page)).toHaveValue('40.077900');

  await picker.getByRole('button', { name: 'Konumu kaldır' }).click();
  await expect(latField(page)).toHaveValue('');
  await expect(lonField(page)).toHaveValue('');
  await expect(nearby).toBeHidden();
  await expect(picker.getByRole('status')).toHaveText('Konum kaldırıldı.');
  await expect(picker.locator('.leaflet-marker-icon')).toHaveCount(0);
  clean();
  await context.close();
});

test('a point outside the district is refused, with the typed point kept (and marked on the map)', async ({ page, javaScriptEnabled }) => {
  const clean = watchConsole(page);
  await signUp(page, 'Bora Bursalı', uniqueEmail('pick-disari'));
  await page.goto('/submissions/new');
  await waitForHydration(page, javaScriptEnabled);
  await fillTheRest(page, `Kent meydanına çeşme ${uniqueToken()}`);
  await latField(page).fill('40.1885');
  await lonField(page).fill('29.0610');
  await page.getByRole('button', { name: 'Gönder' }).click();

  await expect(page.getByRole('heading', { name: 'Bir sorun var' })).toBeVisible();
  await expect(page.locator('#location .error')).toHaveText(OUTSIDE);
  await expect(latField(page)).toHaveValue('40.1885');
  await expect(lonField(page)).toHaveValue('29.0610');
  if (!javaScriptEnabled) {
    await expect(page.locator('.map-pick')).toBeHidden();
    clean();
    return;
  }
  // The picker puts the marker on the typed point and centres the map there: the marker's tip
  // (the bottom middle of its icon) is the middle of the map.
  await waitForHydration(page, true);
  const picker = await livePicker(page);
  const map = picker.locator('.map-pick__map');
  const marker = map.locator('.leaflet-marker-icon[alt="Seçilen konum"]');
  await expect(marker).toHaveCount(1);
  const [m, icon] = [(await map.boundingBox())!, (await marker.boundingBox())!];
  expect(Math.abs(icon.x + icon.width / 2 - (m.x + m.width / 2))).toBeLessThanOrEqual(2);
  expect(Math.abs(icon.y + icon.height - (m.y + m.height / 2))).toBeLessThanOrEqual(2);
  clean();
});

test('without JavaScript the fields alone make a located submission, shown in words', async ({ page, javaScriptEnabled }) => {
  test.skip(javaScriptEnabled, 'the JavaScript-off journey');
  const clean = watchConsole(page);
  const title = `Pazar yerine tuvalet ${uniqueToken()}`;
  await signUp(page, 'Nuri Klavye', uniqueEmail('pick-betiksiz'));
  await page.goto('/submissions/new');
  await expect(page.locator('.map-pick')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Konumumu kullan' })).toBeHidden();
  await fillTheRest(page, title);
  await latField(page).fill('40.0650');
  await lonField(page).fill('29.5200');
  await page.getByRole('button', { name: 'Gönder' }).click();
  await expect(page).toHaveURL(/\/submissions\/\d+$/);
  await expect(page.getByText('Başvurunuz alındı.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByText(inWords('40.0650', '29.5200'), { exact: true })).toBeVisible();
  await expect(page.locator('[data-show="point"]')).toHaveCount(1);
  await expect(page.locator('[data-show="point"]')).toBeHidden();
  clean();
});

test('staff intake: “Haritanın ortasını seç” fills the fields', async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'the map needs JavaScript');
  const clean = watchConsole(page);
  await signIn(page, ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL(/\/account$/);
  await page.goto('/staff/intake');
  await waitForHydration(page, true);
  const picker = await livePicker(page);
  await expect(latField(page)).toHaveValue('');
  await picker.getByRole('button', { name: 'Haritanın ortasını seç' }).click();
  await expect(latField(page)).toHaveValue(SIX_DECIMALS);
  const [lat, lon] = [await latField(page).inputValue(), await lonField(page).inputValue()];
  expectInDistrict(lat, lon);
  const said = (await picker.getByRole('status').textContent()) ?? '';
  expect(said).toMatch(PICKED);
  expect(said.match(PICKED)!.slice(1)).toEqual([lat, lon]);
  await expect(picker.locator('.leaflet-marker-icon[alt="Seçilen konum"]')).toHaveCount(1);
  clean();
});

test('the form with the picker and a page with the point map are accessible', async ({ page, baseURL, javaScriptEnabled }) => {
  const clean = watchConsole(page);
  const title = `Okul önüne yaya geçidi ${uniqueToken()}`;
  await signUp(page, 'Seda Erişir', uniqueEmail('pick-axe'));
  const id = await newLocatedIdea(page, baseURL!, title, 40.0712, 29.5044);

  await page.goto('/submissions/new');
  await waitForHydration(page, javaScriptEnabled);
  if (javaScriptEnabled) {
    // A point chosen next to the idea: the marker, the status line and the nearby list show.
    const picker = await livePicker(page);
    await latField(page).fill('40.071200');
    await lonField(page).fill('29.504400');
    await expect(picker.locator('.leaflet-marker-icon[alt="Seçilen konum"]')).toHaveCount(1);
    await expect(picker.locator(`.nearby__list a[href="/submissions/${id}"]`)).toBeVisible();
  } else {
    await expect(page.locator('.map-pick')).toBeHidden();
  }
  await expectAccessible(page);

  await page.goto(`/submissions/${id}`);
  await waitForHydration(page, javaScriptEnabled);
  await expect(page.getByText(inWords(40.0712, 29.5044), { exact: true })).toBeVisible();
  const point = page.locator('[data-show="point"]');
  if (javaScriptEnabled) {
    await expect(point).toHaveClass(/map--live/);
    await expect(point.locator('.leaflet-marker-icon')).toHaveCount(1);
  } else {
    await expect(point).toBeHidden();
  }
  await expectAccessible(page);
  clean();
});

// The e2e server has no tiles (nothing beyond loopback), and its tile setting is shared by the
// journeys running beside this one. So here the pages are given tiles the way the server writes
// them when an admin has set some (the `data-tiles`/`data-attribution` of each map and the host in
// the Content-Security-Policy; both pinned by server/tests/map.rs), and the test answers the tile
// requests itself: each map must draw the tiles named on it and credit their makers.
const TILE_HOST = 'https://tiles.fikir.invalid';
const ATTRIBUTION = '© Deneme <Karoları>';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

async function withTiles(page: Page): Promise<() => number> {
  let served = 0;
  await page.route(`${TILE_HOST}/**`, (route) => {
    served += 1;
    return route.fulfill({ status: 200, contentType: 'image/png', body: PNG });
  });
  await page.route(/\/(submissions\/new|submissions\/\d+|map)(\?.*)?$/, async (route) => {
    if (route.request().resourceType() !== 'document') return route.continue();
    const response = await route.fetch();
    const escaped = ATTRIBUTION.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const body = (await response.text())
      .replace(/data-tiles=""/g, `data-tiles="${TILE_HOST}/{z}/{x}/{y}.png"`)
      .replace(/data-attribution="[^"]*"/g, `data-attribution="${escaped}"`);
    const headers = { ...response.headers() };
    headers['content-security-policy'] = headers['content-security-policy'].replace('img-src \'self\' data:', `img-src 'self' data: ${TILE_HOST}`);
    return route.fulfill({ response, body, headers });
  });
  return () => served;
}

test('every map draws the tiles named on it and credits them as text', async ({ page, baseURL, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'the maps need JavaScript');
  const clean = watchConsole(page);
  await signUp(page, 'Kerem Karocu', uniqueEmail('pick-tiles'));
  const id = await newLocatedIdea(page, baseURL!, `Çeşme onarılsın ${uniqueToken()}`, 40.0745, 29.5102);
  const served = await withTiles(page);
  for (const [path, map] of [
    ['/submissions/new', '.map-pick__map'],
    [`/submissions/${id}`, '[data-show="point"]'],
    ['/map', '#map'],
  ]) {
    const before = served();
    await page.goto(path);
    const drawn = page.locator(map);
    await expect(drawn.locator('img.leaflet-tile-loaded').first()).toBeVisible();
    expect(served(), `tiles asked for on ${path}`).toBeGreaterThan(before);
    // The admin's words, shown as typed: never read as HTML.
    await expect(drawn.locator('.leaflet-control-attribution')).toContainText(ATTRIBUTION);
  }
  clean();
});

// The admin's map settings (/admin/map): reached from the work menu; a tile address that is not
// one and a file without a polygon come back with the Turkish sentences and change nothing (the
// journeys beside this one share the server's settings, so nothing is saved here; saving is
// pinned by server/tests/map.rs).
test('the admin map page refuses a wrong tile address and a file without a polygon, in Turkish', async ({ page, javaScriptEnabled }) => {
  const clean = watchConsole(page);
  await signIn(page, ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL(/\/account$/);
  await openMenu(page, 'Çalışma alanı');
  await page.getByRole('navigation').getByRole('link', { name: 'Harita ayarları' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Harita ayarları');
  await waitForHydration(page, javaScriptEnabled);
  await expect(page.getByText(/Şu anda varsayılan ilçe kutusu geçerli/)).toBeVisible();
  if (javaScriptEnabled) {
    // The district drawn on its own small map.
    const map = page.locator('[data-show="district"]');
    await expect(map).toHaveClass(/map--live/);
    await expect(map.locator('path[stroke="#1d70b8"]')).toHaveCount(1);
  }
  await expectAccessible(page);

  await page.getByLabel('Karo adresi').fill('http://karo.example/harita.png');
  await page.getByRole('button', { name: 'Altlığı kaydet' }).click();
  await expect(page.getByRole('heading', { name: 'Bir sorun var' })).toBeVisible();
  await expect(page.getByText(/Karo adresi https:\/\/ ile başlamalı/).first()).toBeVisible();
  await expect(page.getByLabel('Karo adresi')).toHaveValue('http://karo.example/harita.png');
  await expectAccessible(page);

  await page.getByLabel('Sınır dosyası (GeoJSON)').setInputFiles({
    name: 'nokta.geojson',
    mimeType: 'application/geo+json',
    buffer: Buffer.from('{"type":"Point","coordinates":[29.5133,40.0781]}'),
  });
  await page.getByRole('button', { name: 'Sınırı yükle' }).click();
  await expect(page.getByText(/Dosyada çokgen yok/).first()).toBeVisible();
  await expect(page.getByText(/Şu anda varsayılan ilçe kutusu geçerli/)).toBeVisible();
  await expectAccessible(page);
  clean();
});
