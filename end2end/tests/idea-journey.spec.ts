// An idea's whole journey (issue 10), with JavaScript on and off: an admin lowers the support
// threshold and the quorum and sets up a committee of three with the admin as its chair; two
// citizens' supports queue a citizen's idea; staff send it to the committee; the chair opens a
// round for that committee, two members score it and the third steps aside; the chair closes the
// round and approves the idea; staff schedule it, record its figures and milestones, implement
// and complete it and add an "after" photo. After each step the author finds the notification
// it brings (reaching the threshold, scoring begun and ended, each status, milestone added or
// reached), and a signed-out visitor reads the step on the idea's public page. axe-core runs
// on the board and rubric admin pages (with their errors), the committee queue, the round, the
// notifications and the idea's page with its committee and implementation sections.
//
// The settings are shared by every test on the server; both projects set the same values
// (threshold 2, quorum 2), so they do not undo each other.
import { BrowserContext, expect, Page, test } from '@playwright/test';
import { ADMIN, expectAccessible, openMenu, signIn, signOut, signUp, uniqueEmail, waitForHydration, watchConsole } from './helpers';

const MEMBER_PASSWORD = 'e2e uye parolasi';

// A 2×2 PNG: enough for the server to decode, scale and re-encode.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

test('an idea is queued by its supporters, scored by a committee, approved, implemented and completed; the author hears of it and the public sees each step', async ({ page, browser, baseURL, javaScriptEnabled }) => {
  test.setTimeout(300_000);
  const token = `${Date.now() % 1_000_000}${javaScriptEnabled ? 'j' : 'n'}`;
  const title = `Yenice Parkı'na oyun alanı ${token}`;
  const committeeName = `Park ve bahçeler kurulu ${token}`;
  const watched: Array<() => void> = [];
  const contexts: BrowserContext[] = [];
  const open = async (): Promise<Page> => {
    const context = await browser.newContext({ javaScriptEnabled, locale: 'tr-TR' });
    contexts.push(context);
    const p = await context.newPage();
    watched.push(watchConsole(p));
    return p;
  };
  /** Opens a page and, with JavaScript on, waits for its islands. */
  const go = async (p: Page, path: string) => {
    await p.goto(path);
    await waitForHydration(p, javaScriptEnabled);
  };
  watched.push(watchConsole(page));

  // The author: an account of their own, signed in to the end in a context of their own.
  const author = await open();
  const authorEmail = uniqueEmail('yolculuk');
  await signUp(author, 'Zeynep Öneren', authorEmail);
  const made = await author.request.post('/api/v1/submissions', {
    headers: { Origin: baseURL! },
    data: { kind: 'idea', title, body: 'Mahallede çocukların oynayacağı bir yer yok.', category_id: 1, neighbourhood_id: 1 },
  });
  expect(made.status()).toBe(201);
  const { id } = await made.json();
  const ideaPath = `/submissions/${id}`;

  // The author's unread count (the account menu says it on every page) and the notification
  // each notifying step must add.
  let unread = 0;
  const expectNotified = async (text: string) => {
    await go(author, '/notifications');
    unread += 1;
    await expect(author.getByRole('navigation').locator('summary', { hasText: 'Hesabım' })).toHaveText(`Hesabım (${unread} yeni)`);
    const item = author.locator('li.notification--unread', { has: author.getByRole('link', { name: text, exact: true }) });
    await expect(item).toHaveCount(1);
    await expect(item.getByText('Yeni', { exact: true })).toBeVisible();
  };

  // A visitor, never signed in, reads the idea's public page after each step.
  const visitor = await open();
  const timeline = visitor.locator('.timeline');
  const seePublicPage = async () => {
    await go(visitor, ideaPath);
    await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(title);
  };

  // 1. The admin lowers the support threshold and the quorum, and sets up the committee.
  await signIn(page, ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL(/\/account$/);
  await go(page, '/admin/reference');
  const thresholdField = page.getByLabel('Değerlendirme kuruluna gitmek için gereken destek sayısı');
  await thresholdField.fill('2');
  await page.locator('form', { has: thresholdField }).getByRole('button', { name: 'Kaydet' }).click();
  await expect(page.getByText('Değişiklik kaydedildi.')).toBeVisible();
  await expect(page.getByLabel('Değerlendirme kuruluna gitmek için gereken destek sayısı')).toHaveValue('2');

  await openMenu(page, 'Çalışma alanı');
  await page.getByRole('navigation').getByRole('link', { name: 'Kurul ve ayarlar' }).click();
  await waitForHydration(page, javaScriptEnabled);
  await expect(page.getByRole('heading', { name: 'Değerlendirme kurulu yönetimi', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Destek eşiği: 2 (başvuru ayarlarında değiştirin)' })).toBeVisible();
  await expectAccessible(page);
  // A quorum out of range comes back with its error and what was typed.
  await page.getByLabel('Yeter sayı').fill('0');
  await page.getByRole('button', { name: 'Ayarları kaydet' }).click();
  await expect(page.getByRole('heading', { name: 'Bir sorun var' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Yeter sayıyı 1 ile 50 arasında bir tam sayı olarak girin' })).toBeVisible();
  await expect(page.getByLabel('Yeter sayı')).toHaveValue('0');
  await expect(page.getByLabel('Tek tek puanları isimsiz yayımla')).not.toBeChecked();
  await expectAccessible(page);
  await page.getByLabel('Yeter sayı').fill('2');
  await page.getByRole('button', { name: 'Ayarları kaydet' }).click();
  await expect(page.getByText('Ayarlar kaydedildi.')).toBeVisible();
  await expect(page.getByLabel('Yeter sayı')).toHaveValue('2');

  // A committee with someone who is not an evaluator comes back with the error and the list.
  const newCommittee = page.locator('#committee-new');
  const members = ['uye1@e2e.example', 'uye2@e2e.example', 'uye3@e2e.example'];
  await newCommittee.getByLabel('Kurulun adı').fill(committeeName);
  await newCommittee.getByLabel('Başkanın e-posta adresi (isteğe bağlı)').fill(ADMIN.email);
  await newCommittee.getByLabel('Üyelerin e-posta adresleri').fill([...members.slice(0, 2), authorEmail].join('\n'));
  await newCommittee.getByRole('button', { name: 'Kaydet' }).click();
  await expect(page.getByRole('heading', { name: 'Bir sorun var' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Bu kişinin değerlendirici rolü yok. Önce rolü verin' })).toBeVisible();
  await expect(newCommittee.getByLabel('Kurulun adı')).toHaveValue(committeeName);
  await expect(newCommittee.getByLabel('Başkanın e-posta adresi (isteğe bağlı)')).toHaveValue(ADMIN.email);
  await expect(newCommittee.getByLabel('Üyelerin e-posta adresleri')).toHaveValue([...members.slice(0, 2), authorEmail].join('\n'));
  await expectAccessible(page);
  await newCommittee.getByLabel('Üyelerin e-posta adresleri').fill(members.join('\n'));
  await newCommittee.getByRole('button', { name: 'Kaydet' }).click();
  await expect(page.getByText('Kurul kaydedildi.')).toBeVisible();
  const saved = page.locator('details.edit-item', { has: page.locator('summary', { hasText: committeeName }) });
  await expect(saved).toHaveCount(1);
  await expect(saved.getByText('Başkan: E2E Yönetici')).toBeAttached();
  await expect(saved.getByText('3 üye: Kurul Üyesi 1, Kurul Üyesi 2, Kurul Üyesi 3')).toBeAttached();
  await expectAccessible(page);

  // The rubric page: a version whose weights do not add up to 100 is refused, as typed.
  await page.getByRole('link', { name: 'Puanlama ölçütleri' }).click();
  await waitForHydration(page, javaScriptEnabled);
  await expect(page.getByRole('heading', { name: 'Puanlama ölçütleri', level: 1 })).toBeVisible();
  await expectAccessible(page);
  const firstWeight = page.getByRole('group', { name: '1. ölçüt', exact: true }).getByLabel('Ağırlık (%)');
  const weight = Number(await firstWeight.inputValue());
  await firstWeight.fill(String(weight + 1));
  await page.getByRole('button', { name: 'Yeni sürümü kaydet' }).click();
  await expect(page.getByRole('heading', { name: 'Bir sorun var' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Ölçütlerin ağırlıklarının toplamı 100 olmalı' })).toBeVisible();
  await expect(page.getByRole('group', { name: '1. ölçüt', exact: true }).getByLabel('Ağırlık (%)')).toHaveValue(String(weight + 1));
  await expectAccessible(page);

  // 2. Two citizens support the idea: the second support reaches the threshold.
  const citizen = await open();
  for (const [n, name] of [[1, 'Emre Destekçi'], [2, 'Selin Destekçi']] as const) {
    await signUp(citizen, name, uniqueEmail(`yolculuk-destek${n}`));
    await go(citizen, ideaPath);
    await citizen.getByRole('button', { name: 'Destekle' }).click();
    await expect(citizen.getByText(n === 1 ? 'Desteğiniz kaydedildi.' : 'Desteğinizle bu fikir değerlendirme kuruluna gönderildi.')).toBeVisible();
    await expect(citizen.getByText(`${n} kişi destekliyor`)).toBeVisible();
    await waitForHydration(citizen, javaScriptEnabled);
    await signOut(citizen);
  }
  await seePublicPage();
  await expect(visitor.getByText('2 kişi destekliyor')).toBeVisible();
  await expect(visitor.getByText('Bu fikir destek eşiğine ulaştı ve değerlendirme kuruluna gönderildi.')).toBeVisible();
  await expect(timeline.getByText('Destek eşiğine ulaştı, değerlendirme kuruluna gönderildi')).toBeVisible();
  await expectNotified(`Destek eşiğine ulaştı, değerlendirme kurulunu bekliyor: ${title}`);

  // 3. Staff send it to the committee.
  await go(page, ideaPath);
  await page.getByLabel('Yeni aşama').selectOption({ label: 'Değerlendirmede' });
  await page.getByLabel('Kamuya açık not').fill(`Destek eşiğine ulaştı; kurula gönderildi ${token}.`);
  await page.getByRole('button', { name: 'Adımı kaydet' }).click();
  await expect(page.getByText('Adım zaman çizelgesine kaydedildi.')).toBeVisible();
  await expectNotified(`Durum değişti (Değerlendirmede): ${title}`);
  await seePublicPage();
  await expect(timeline.getByText('Durum değişti: Destek topluyor → Değerlendirmede')).toBeVisible();
  await expect(timeline.getByText(`Destek eşiğine ulaştı; kurula gönderildi ${token}.`)).toBeVisible();

  // 4. The chair opens a round for the committee, from the queue.
  await go(page, '/committee');
  const queued = page.locator('li.result', { hasText: title });
  await queued.getByLabel('Puanlayacak kurul').selectOption({ label: committeeName });
  await expectAccessible(page);
  await queued.getByRole('button', { name: 'Puanlama turu aç' }).click();
  await expect(page.getByText('Tur açıldı; üyeler puan verebilir.')).toBeVisible();
  await expect(page).toHaveURL(/\/rounds\/\d+$/);
  const roundPath = new URL(page.url()).pathname;
  await expect(page.getByText('3 üyeden 0 üye puan verdi (yeter sayı 2)')).toBeVisible();
  await seePublicPage();
  await expect(timeline.getByText('Değerlendirme kurulu puanlamaya başladı')).toBeVisible();
  await expectNotified(`Değerlendirme kurulu puanlamaya başladı: ${title}`);

  // 5. Two members score from the notification that called them; the third steps aside.
  const member = await open();
  const scoreAs = async (n: number, score: number) => {
    await signIn(member, `uye${n}@e2e.example`, MEMBER_PASSWORD);
    await expect(member).toHaveURL(/\/account$/);
    await go(member, '/notifications');
    await member.getByRole('link', { name: `Bir puanlama turu açıldı: ${title}`, exact: true }).click();
    await expect(member).toHaveURL(new RegExp(`${roundPath}$`));
    await waitForHydration(member, javaScriptEnabled);
    const sets = member.locator('form[action$="/scores"] fieldset');
    await expect(sets).toHaveCount(5);
    for (let i = 0; i < 5; i++) {
      await sets.nth(i).getByLabel(String(score), { exact: true }).check();
      await member.getByLabel('Gerekçe').nth(i).fill(`Üye ${n}, ölçüt ${i + 1}: ${token}`);
    }
    await member.getByRole('button', { name: 'Puanlarımı gönder' }).click();
    await expect(member.getByText('Puanlarınız gönderildi.')).toBeVisible();
    await waitForHydration(member, javaScriptEnabled);
    await signOut(member);
  };
  await scoreAs(1, 4);
  await scoreAs(2, 3);
  await signIn(member, 'uye3@e2e.example', MEMBER_PASSWORD);
  await expect(member).toHaveURL(/\/account$/);
  await go(member, roundPath);
  await expectAccessible(member);
  await member.getByText('Çıkar çatışmam var').click();
  await member.getByLabel('Gerekçe', { exact: true }).last().fill(`Parkın yanında oturuyorum ${token}.`);
  await member.getByRole('button', { name: 'Bu turdan çekil' }).click();
  await expect(member.getByText('Bu turdan çekildiniz.').first()).toBeVisible();
  await seePublicPage();
  await expect(timeline.getByText('Bir kurul üyesi çekildi (çıkar çatışması)')).toBeVisible();

  // 6. The chair closes the round (two scores make the quorum) and approves the idea.
  await go(page, roundPath);
  await expect(page.getByText('3 üyeden 2 üye puan verdi (yeter sayı 2)')).toBeVisible();
  await page.getByRole('button', { name: 'Turu kapat' }).click();
  await expect(page.getByText('Tur kapandı; sonucu kamuya açık.')).toBeVisible();
  await seePublicPage();
  await expect(timeline.getByText('Değerlendirme kurulu puanlamayı bitirdi')).toBeVisible();
  const card = visitor.locator('section.scorecard');
  await expect(card.getByText('2 kurul üyesi puan verdi; 1 üye çekildi.')).toBeVisible();
  await expect(card.getByText('Genel puan: 5 üzerinden 3,50')).toBeVisible();
  await expectNotified(`Değerlendirme kurulu puanlamayı bitirdi, puan kartı yayımlandı: ${title}`);

  await go(page, roundPath);
  await page.getByLabel('Karar', { exact: true }).selectOption({ label: 'Onaylandı' });
  await page.getByLabel('Kamuya açık gerekçe').fill(`Kurul oyun alanını onayladı ${token}.`);
  await page.getByLabel('Türk lirası olarak tahmini maliyet (isteğe bağlı)').fill('240.000');
  await page.getByLabel('Gün olarak tahmini süre (isteğe bağlı)').fill('90');
  await page.getByRole('button', { name: 'Kararı kaydet' }).click();
  await expect(page.getByText('Karar zaman çizelgesine kaydedildi.')).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`${ideaPath}$`));
  await expectNotified(`Durum değişti (Onaylandı): ${title}`);
  await seePublicPage();
  await expect(card.getByText('Karar: Onaylandı')).toBeVisible();
  await expect(card.getByText(`Kurul oyun alanını onayladı ${token}.`)).toBeVisible();
  await expect(card.getByText('Tahmini maliyet: 240.000 ₺')).toBeVisible();
  await expect(card.getByText('Tahmini süre: 90 gün')).toBeVisible();
  await expect(timeline.getByText('Durum değişti: Değerlendirmede → Onaylandı')).toBeVisible();
  await expect(visitor.getByText('Parkın yanında oturuyorum')).toHaveCount(0);
  await expect(visitor.getByText(`Üye 1, ölçüt 1: ${token}`)).toHaveCount(0);
  await expectAccessible(visitor);

  // 7. Staff schedule it.
  await go(page, ideaPath);
  await page.getByLabel('Yeni aşama').selectOption({ label: 'Programa alındı' });
  await page.getByLabel('Kamuya açık not').fill(`Nisan ayında başlayacak ${token}.`);
  await page.getByRole('button', { name: 'Adımı kaydet' }).click();
  await expect(page.getByText('Adım zaman çizelgesine kaydedildi.')).toBeVisible();
  await expectNotified(`Durum değişti (Programa alındı): ${title}`);
  await seePublicPage();
  await expect(timeline.getByText('Durum değişti: Onaylandı → Programa alındı')).toBeVisible();
  await expect(timeline.getByText(`Nisan ayında başlayacak ${token}.`)).toBeVisible();

  // 8. Staff record the figures and two milestones.
  await waitForHydration(page, javaScriptEnabled);
  await expect(page.getByRole('heading', { name: 'Uygulamayı güncelle' })).toBeVisible();
  await page.getByLabel('İlerleme (%)').fill('40');
  await page.getByLabel('Türk lirası olarak bütçe').fill('235.500');
  const directorateSelect = page.locator('#implementation-editor').getByLabel('Sorumlu müdürlük');
  const directorate = ((await directorateSelect.locator('option').nth(1).textContent()) ?? '').trim();
  await directorateSelect.selectOption({ label: directorate });
  await page.getByRole('button', { name: 'Bilgileri kaydet' }).click();
  await expect(page.getByText('Uygulama güncellendi.')).toBeVisible();
  const milestones = [
    { title: `Zemin hazırlığı ${token}`, planned: '2026-04-01', shown: '1 Nisan 2026' },
    { title: `Oyun aletlerinin kurulumu ${token}`, planned: '2026-05-15', shown: '15 Mayıs 2026' },
  ];
  for (const m of milestones) {
    await waitForHydration(page, javaScriptEnabled);
    await page.getByLabel('Aşama', { exact: true }).fill(m.title);
    await page.getByLabel('Planlanan tarih').fill(m.planned);
    await page.getByLabel('Not (isteğe bağlı)', { exact: true }).fill(`Yüklenici: Park ve Bahçeler ${token}`);
    await page.getByRole('button', { name: 'Aşamayı ekle' }).click();
    await expect(page.getByText('Aşama eklendi.')).toBeVisible();
    await expectNotified(`Uygulamada bir aşama, ${m.title}: ${title}`);
  }
  await waitForHydration(page, javaScriptEnabled);
  await expectAccessible(page);
  await seePublicPage();
  const works = visitor.locator('section.implementation');
  await expect(works.getByRole('heading', { name: 'Uygulama' })).toBeVisible();
  await expect(works.getByText('İlerleme: %40')).toBeVisible();
  await expect(works.getByRole('progressbar', { name: 'İlerleme: %40' })).toHaveAttribute('value', '40');
  await expect(works.getByText('235.500 ₺')).toBeVisible();
  await expect(works.getByText(directorate, { exact: true })).toBeVisible();
  for (const m of milestones) {
    const item = works.locator('li.milestone', { hasText: m.title });
    await expect(item.getByText(`Planlanan: ${m.shown}`)).toBeVisible();
  }
  await expect(timeline.getByText('Uygulamaya bir aşama eklendi')).toHaveCount(2);
  await expect(timeline.getByText('Uygulamanın ilerlemesi güncellendi').first()).toBeVisible();
  await expectAccessible(visitor);

  // 9. Work starts; the first milestone is done.
  await go(page, ideaPath);
  await page.getByLabel('Yeni aşama').selectOption({ label: 'Uygulanıyor' });
  await page.getByLabel('Kamuya açık not').fill(`Çalışmalar başladı ${token}.`);
  await page.getByRole('button', { name: 'Adımı kaydet' }).click();
  await expect(page.getByText('Adım zaman çizelgesine kaydedildi.')).toBeVisible();
  await expectNotified(`Durum değişti (Uygulanıyor): ${title}`);
  await waitForHydration(page, javaScriptEnabled);
  await page.getByRole('button', { name: `“${milestones[0].title}” bugün tamamlandı olarak işaretle` }).click();
  await expect(page.getByText('Aşama tamamlandı olarak işaretlendi.')).toBeVisible();
  await expectNotified(`Uygulamada bir aşama tamamlandı, ${milestones[0].title}: ${title}`);
  await seePublicPage();
  await expect(timeline.getByText('Durum değişti: Programa alındı → Uygulanıyor')).toBeVisible();
  await expect(works.locator('li.milestone--done', { hasText: milestones[0].title }).getByText(/^Tamamlandı: /)).toBeVisible();
  await expect(works.locator('li.milestone', { hasText: milestones[1].title }).getByText(`Planlanan: ${milestones[1].shown}`)).toBeVisible();
  await expect(timeline.getByText('Uygulamanın bir aşaması güncellendi')).toBeVisible();

  // 10. The second milestone is done, progress reaches 100 and the idea is completed.
  await go(page, ideaPath);
  await page.getByRole('button', { name: `“${milestones[1].title}” bugün tamamlandı olarak işaretle` }).click();
  await expect(page.getByText('Aşama tamamlandı olarak işaretlendi.')).toBeVisible();
  await expectNotified(`Uygulamada bir aşama tamamlandı, ${milestones[1].title}: ${title}`);
  await waitForHydration(page, javaScriptEnabled);
  await page.getByLabel('İlerleme (%)').fill('100');
  await page.getByRole('button', { name: 'Bilgileri kaydet' }).click();
  await expect(page.getByText('Uygulama güncellendi.')).toBeVisible();
  await waitForHydration(page, javaScriptEnabled);
  await page.getByLabel('Yeni aşama').selectOption({ label: 'Tamamlandı' });
  await page.getByLabel('Kamuya açık not').fill(`Oyun alanı hizmete açıldı ${token}.`);
  await page.getByRole('button', { name: 'Adımı kaydet' }).click();
  await expect(page.getByText('Adım zaman çizelgesine kaydedildi.')).toBeVisible();
  await expectNotified(`Durum değişti (Tamamlandı): ${title}`);
  await seePublicPage();
  await expect(timeline.getByText('Durum değişti: Uygulanıyor → Tamamlandı')).toBeVisible();
  await expect(timeline.getByText(`Oyun alanı hizmete açıldı ${token}.`)).toBeVisible();
  await expect(works.getByRole('progressbar', { name: 'İlerleme: %100' })).toHaveAttribute('value', '100');
  await expect(works.locator('li.milestone--done')).toHaveCount(2);

  // 11. Staff add an "after" photo of the finished park.
  await go(page, ideaPath);
  await expect(page.getByRole('button', { name: 'Bilgileri kaydet' })).toHaveCount(0);
  await page.getByLabel('Sonra', { exact: true }).check();
  await page.getByLabel('Fotoğraflar', { exact: true }).setInputFiles({ name: 'sonra.png', mimeType: 'image/png', buffer: PNG });
  await page.getByRole('button', { name: 'Fotoğrafları ekle' }).click();
  await expect(page.getByText('Fotoğraflar eklendi.')).toBeVisible();
  await waitForHydration(page, javaScriptEnabled);
  await expectAccessible(page);
  await seePublicPage();
  await expect(timeline.getByText('Uygulamanın fotoğrafları eklendi')).toBeVisible();
  await expect(works.getByRole('heading', { name: 'Önce ve sonra' })).toBeVisible();
  const photo = works.getByRole('img', { name: 'Sonra: 1. fotoğraf' });
  await expect(photo).toBeVisible();
  const shown = await visitor.request.get(new URL((await photo.getAttribute('src'))!, baseURL).toString());
  expect(shown.status()).toBe(200);
  expect(shown.headers()['content-type']).toMatch(/^image\//);
  await expect(works.getByRole('img', { name: /^Önce:/ })).toHaveCount(0);
  await expectAccessible(visitor);

  // The public board lists it among the completed proposals, with its progress.
  await go(visitor, '/board');
  const done = visitor.getByRole('region', { name: /^Tamamlandı \(/ });
  await expect(done.getByRole('link', { name: title })).toBeVisible();
  await expect(done.locator('li', { hasText: title }).getByText('İlerleme: %100')).toBeVisible();

  // The author's notifications page lists every step they were told of.
  await go(author, '/notifications');
  await expectAccessible(author);
  for (const text of [
    `Destek eşiğine ulaştı, değerlendirme kurulunu bekliyor: ${title}`,
    `Değerlendirme kurulu puanlamaya başladı: ${title}`,
    `Değerlendirme kurulu puanlamayı bitirdi, puan kartı yayımlandı: ${title}`,
    `Uygulamada bir aşama tamamlandı, ${milestones[0].title}: ${title}`,
    `Uygulamada bir aşama tamamlandı, ${milestones[1].title}: ${title}`,
    `Durum değişti (Değerlendirmede): ${title}`,
    `Durum değişti (Onaylandı): ${title}`,
    `Durum değişti (Programa alındı): ${title}`,
    `Uygulamada bir aşama, ${milestones[0].title}: ${title}`,
    `Uygulamada bir aşama, ${milestones[1].title}: ${title}`,
    `Durum değişti (Uygulanıyor): ${title}`,
    `Durum değişti (Tamamlandı): ${title}`,
  ]) {
    await expect(author.getByRole('link', { name: text, exact: true })).toBeVisible();
  }

  for (const context of contexts) await context.close();
  for (const clean of watched) clean();
});
