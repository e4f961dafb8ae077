// Participation journeys (issue 4), with JavaScript on and off: a citizen submits with a photo,
// a second one finds it by searching without Turkish letters, supports it and comments, the
// author sees the notification; staff record a request for a caller, who tracks it by code.
// axe-core runs on every new page.
import { expect, Page, test } from '@playwright/test';
import { ADMIN, expectAccessible, openMenu, signIn, signOut, signUp, uniqueEmail, waitForHydration, watchConsole } from './helpers';

// A 2×2 PNG: enough for the server to decode, scale and re-encode.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

async function signOutAndCheck(page: Page) {
  await signOut(page);
  await expect(page.getByRole('link', { name: 'Giriş yap' })).toBeVisible();
}

test('submit with a photo, find without Turkish letters, support, comment, notify', async ({ page, javaScriptEnabled }) => {
  const clean = watchConsole(page);
  const token = `${Date.now() % 1_000_000}${javaScriptEnabled ? 'j' : 'n'}`;
  const title = `İnegöl Çiçek Pazarı gölgelik ${token}`;
  const author = uniqueEmail('yazar');
  await signUp(page, 'Ayşe Yazar', author);

  await page.goto('/submissions/new');
  await waitForHydration(page, javaScriptEnabled);
  await page.getByRole('button', { name: 'Gönder' }).click();
  await expect(page.getByRole('heading', { name: 'Bir sorun var' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Başlık girin' })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel('Fikir', { exact: true }).check();
  await page.getByLabel('Başlık').fill(title);
  await page.getByLabel('Açıklama').fill('Pazar yerinde **gölge** yok, yazın çok sıcak.');
  await page.getByLabel('Kategori').selectOption({ label: 'Park ve yeşil alanlar' });
  await page.getByLabel('Mahalle').selectOption({ label: 'Cuma' });
  await page.getByLabel('Fotoğraflar (isteğe bağlı)').setInputFiles({ name: 'pazar.png', mimeType: 'image/png', buffer: PNG });
  await page.getByRole('button', { name: 'Gönder' }).click();
  await expect(page).toHaveURL(/\/submissions\/\d+$/);
  await expect(page.getByText('Başvurunuz alındı.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByText(/INE-\d{4}-\d{6}/).first()).toBeVisible();
  await expect(page.getByRole('img', { name: /fotoğraf 1/ })).toBeVisible();
  const submissionUrl = page.url();
  await waitForHydration(page, javaScriptEnabled);
  await expectAccessible(page);
  await signOutAndCheck(page);

  await signUp(page, 'Mehmet Destekçi', uniqueEmail('destek'));
  if (javaScriptEnabled) {
    // The title field is the page's one island: typing a similar title lists the existing one.
    await page.goto('/submissions/new');
    await waitForHydration(page, true);
    await page.getByLabel('Başlık').pressSequentially(`Pazarı gölgelik ${token}`);
    await expect(page.getByText('Benzer başvurular')).toBeVisible();
    await expect(page.locator('#similar').getByRole('link', { name: title })).toBeVisible();
  }
  await page.goto('/submissions');
  await waitForHydration(page, javaScriptEnabled);
  await page.getByLabel('Başvurularda ara').fill(`cicek pazari ${token}`);
  await page.getByRole('button', { name: 'Ara', exact: true }).click();
  await expect(page.getByText(/için 1 sonuç/)).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: title }).click();
  await expect(page).toHaveURL(submissionUrl);
  await waitForHydration(page, javaScriptEnabled);
  await page.getByRole('button', { name: 'Destekle' }).click();
  await expect(page.getByText('Desteğiniz kaydedildi.')).toBeVisible();
  await expect(page.getByText('1 kişi destekliyor')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Desteğimi geri al' })).toBeVisible();
  await page.getByLabel('Yorumunuz').fill('Kesinlikle katılıyorum, **gölgelik** şart.');
  await page.getByRole('button', { name: 'Yorumu gönder' }).click();
  await expect(page.getByText('Yorumunuz yayımlandı.')).toBeVisible();
  await expect(page.locator('.comment strong', { hasText: 'gölgelik' })).toBeVisible();
  await waitForHydration(page, javaScriptEnabled);
  await expectAccessible(page);
  await signOutAndCheck(page);

  await signIn(page, author, 'kestane şekeri 16');
  await expect(page).toHaveURL(/\/account$/);
  await openMenu(page, 'Hesabım (1 yeni)');
  await page.getByRole('link', { name: 'Bildirimler (1 yeni)' }).click();
  await expect(page.getByRole('link', { name: `Yeni yorum: ${title}` })).toBeVisible();
  await waitForHydration(page, javaScriptEnabled);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Tümünü okundu işaretle' }).click();
  // Read: the account menu no longer counts anything new.
  await expect(page.getByText('Hesabım', { exact: true })).toBeVisible();
  await openMenu(page, 'Hesabım');
  await expect(page.getByRole('link', { name: 'Bildirimler', exact: true })).toBeVisible();
  clean();
});

test('staff record a request for a caller, who tracks it by code without an account', async ({ page, browser, javaScriptEnabled }) => {
  const clean = watchConsole(page);
  const title = `Sokağa çöp konteyneri ${Date.now() % 1_000_000}`;
  await signIn(page, ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL(/\/account$/);
  await page.goto('/staff/intake');
  await waitForHydration(page, javaScriptEnabled);
  await expectAccessible(page);
  await page.getByLabel('Kanal').selectOption({ label: '153 telefon hattı' });
  await page.getByLabel('Adı soyadı').fill('Hatice Arayan');
  await page.getByLabel('Telefon ya da e-posta').fill('0555 111 22 33');
  await page.getByLabel('Vatandaş bu başvuru hakkında').check();
  await page.getByLabel('Talep', { exact: true }).check();
  await page.getByLabel('Başlık').fill(title);
  await page.getByLabel('Açıklama').fill('Sokağın başına bir konteyner gerekiyor.');
  await page.getByLabel('Kategori').selectOption({ label: 'Temizlik ve çöp' });
  await page.getByLabel('Mahalle').selectOption({ label: 'Kemalpaşa' });
  await page.getByRole('button', { name: 'Kaydet ve takip kodunu al' }).click();
  const notice = page.getByText(/Vatandaşa takip kodunu iletin: INE-\d{4}-\d{6}/);
  await expect(notice).toBeVisible();
  const code = ((await notice.textContent()) ?? '').match(/INE-\d{4}-\d{6}/)![0];

  const visitor = await browser.newContext({ javaScriptEnabled, locale: 'tr-TR' });
  const anon = await visitor.newPage();
  const cleanAnon = watchConsole(anon);
  await anon.goto('/t');
  await waitForHydration(anon, javaScriptEnabled);
  await expectAccessible(anon);
  await anon.getByLabel('Takip kodu').fill(code.toLowerCase().replaceAll('-', ''));
  await anon.getByRole('button', { name: 'Başvuruyu bul' }).click();
  await expect(anon).toHaveURL(new RegExp(`/t/${code}$`));
  await expect(anon.getByText('Alındı', { exact: true })).toBeVisible();
  await expect(anon.getByText(title)).toBeVisible();
  // When the caller hears back: the first-response and result due times, in İnegöl's time.
  await expect(anon.getByText('İlk yanıt için son zaman')).toBeVisible();
  await expect(anon.getByText('Sonuç için son zaman')).toBeVisible();
  await waitForHydration(anon, javaScriptEnabled);
  await expectAccessible(anon);
  await anon.getByRole('link', { name: 'Başvurunun tüm ayrıntıları' }).click();
  await expect(anon.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(anon.locator('body')).not.toContainText('Hatice');
  await expect(anon.locator('body')).not.toContainText('0555');
  cleanAnon();
  await visitor.close();

  await page.goto('/admin/reference');
  await waitForHydration(page, javaScriptEnabled);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kurum verileri ve ayarlar');
  await expectAccessible(page);
  await page.goto('/my/submissions');
  await expectAccessible(page);
  clean();
});

test('save a draft, find it in My submissions, finish and send it', async ({ page, javaScriptEnabled }) => {
  const clean = watchConsole(page);
  const title = `Kütüphane açılış saatleri ${Date.now() % 1_000_000}`;
  await signUp(page, 'Elif Taslak', uniqueEmail('taslak'));
  await page.goto('/submissions/new');
  await waitForHydration(page, javaScriptEnabled);
  await page.getByLabel('Öneri / görüş', { exact: true }).check();
  await page.getByLabel('Başlık').fill(title);
  await page.getByRole('button', { name: 'Taslak olarak kaydet' }).click();
  await expect(page.getByText('Taslağınız kaydedildi.')).toBeVisible();
  await expect(page.getByText('Kaydettiğiniz bir taslağı düzenliyorsunuz')).toBeVisible();
  await expect(page.getByLabel('Başlık')).toHaveValue(title);
  await waitForHydration(page, javaScriptEnabled);
  await expectAccessible(page);

  await page.goto('/my/submissions');
  await waitForHydration(page, javaScriptEnabled);
  await expect(page.getByRole('heading', { name: 'Taslaklarım' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: `Taslağa devam et: ${title}` }).click();
  await waitForHydration(page, javaScriptEnabled);
  await expect(page.getByLabel('Başlık')).toHaveValue(title);
  await expect(page.getByLabel('Öneri / görüş', { exact: true })).toBeChecked();
  await page.getByLabel('Açıklama').fill('Hafta sonu da akşam 8’e kadar açık olsun.');
  await page.getByLabel('Kategori').selectOption({ label: 'Kültür ve etkinlikler' });
  await page.getByLabel('Mahalle').selectOption({ label: 'Cuma' });
  await page.getByRole('button', { name: 'Gönder' }).click();
  await expect(page).toHaveURL(/\/submissions\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);

  await page.goto('/my/submissions');
  await expect(page.getByRole('heading', { name: 'Taslaklarım' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: title })).toBeVisible();
  clean();
});
