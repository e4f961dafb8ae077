// Moderation (issue 11), with JavaScript on and off, on a 390 px phone: an admin sets the flag
// threshold to 2 on the moderators' page (the word list kept as it was); two citizens flag a
// citizen's comment through its own form, the first one sent back for not choosing a reason
// (the error summary leads to the reasons, what was typed is kept); the second flag hides it
// and a visitor reads the placeholder instead; staff restore it from the queue, then hide it
// from the comment's own form with a reason the visitor reads. A comment with a listed insult
// waits for a moderator: its author is told, a visitor does not see it, staff find it in the
// queue with the matched word and publish it. axe-core runs on the moderators' page (an item's
// decision form open) and on the submission page in each new state: a refused flag, a
// placeholder with a flag form open, a comment waiting for approval.
//
// The threshold is shared by every test on the server; both projects set the same value (2),
// so they do not undo each other.
import { Browser, BrowserContext, expect, Locator, Page, test } from '@playwright/test';
import { ADMIN, expectAccessible, openMenu, signIn, signUp, uniqueEmail, waitForHydration, watchConsole } from './helpers';

const PHONE = { width: 390, height: 844 };
test.use({ viewport: PHONE });

const FLAGGED = 'Bu yorum birkaç kişi tarafından bildirildi; bir moderatör inceleyene kadar gizli.';
const HIDDEN = 'Bu yorum moderatörlerce gizlendi.';
const FLAG_DETAIL = 'Eklemek istedikleriniz (isteğe bağlı)';

/** The people of one test: each in a browser context of their own (a phone, in Turkish), whose
 * pages fail the test on a console error; `done` checks them all and closes the contexts. */
function cast(browser: Browser, javaScriptEnabled: boolean) {
  const watched: Array<() => void> = [];
  const contexts: BrowserContext[] = [];
  return {
    async open(): Promise<Page> {
      const context = await browser.newContext({ javaScriptEnabled, locale: 'tr-TR', viewport: PHONE });
      contexts.push(context);
      const p = await context.newPage();
      watched.push(watchConsole(p));
      return p;
    },
    /** Opens a page and, with JavaScript on, waits for its islands. */
    async go(p: Page, path: string) {
      await p.goto(path);
      await waitForHydration(p, javaScriptEnabled);
    },
    async done() {
      for (const clean of watched) clean();
      for (const c of contexts) await c.close();
    },
  };
}

/** No sideways scrolling on the phone. */
async function expectNoOverflow(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `sideways scrolling on ${page.url()}`).toBeLessThanOrEqual(0);
}

/** A new citizen's idea (through the API, as the other journeys make theirs); its path. */
async function newIdea(author: Page, baseURL: string, title: string): Promise<string> {
  const made = await author.request.post('/api/v1/submissions', {
    headers: { Origin: baseURL },
    data: { kind: 'idea', title, body: 'Akşamları sokak çok karanlık.', category_id: 1, neighbourhood_id: 1 },
  });
  expect(made.status()).toBe(201);
  const { id } = await made.json();
  return `/submissions/${id}`;
}

/** Writes a comment on the submission page open in `page`; the comment's id (from the
 * `#comment-{id}` the form returns to). */
async function writeComment(page: Page, text: string, notice: string): Promise<number> {
  await page.getByLabel('Yorumunuz').fill(text);
  await page.getByRole('button', { name: 'Yorumu gönder' }).click();
  await expect(page.getByText(notice)).toBeVisible();
  const id = Number(new URL(page.url()).hash.match(/^#comment-(\d+)$/)?.[1]);
  expect(id, `comment id in ${page.url()}`).toBeGreaterThan(0);
  return id;
}

/** Follows comment `id`'s `Bildir` link on the submission page open in `page` to its own page. */
async function openFlagPage(page: Page, id: number) {
  await page.locator(`#comment-${id}`).getByRole('link', { name: 'Bildir', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/comments/${id}/flag$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bu yorumu bildirin');
}

/** Flags the comment `id` from the submission page open in `page`, choosing `reason`. */
async function flagComment(page: Page, id: number, reason: string) {
  await openFlagPage(page, id);
  await page.getByRole('group', { name: 'Neden bildiriyorsunuz?' }).getByLabel(reason, { exact: true }).check();
  await page.getByRole('button', { name: 'Moderatörlere bildir' }).click();
  await expect(page.getByText('Bildiriminiz moderatörlere iletildi. Teşekkürler.')).toBeVisible();
}

/** Opens the `Moderasyon` form (a `<details>`) inside `scope`: a comment or a queue item. */
async function openDecision(scope: Locator) {
  const details = scope.locator('details', { has: scope.page().locator('summary', { hasText: /^Moderasyon$/ }) });
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  await expect(details).toHaveAttribute('open', '');
  return details;
}

/** A moderator's decision in the `Moderasyon` form inside `scope`, with its public reason. */
async function decide(scope: Locator, action: 'Gizle' | 'Yayına al', reason: string) {
  const details = await openDecision(scope);
  await details.getByRole('group', { name: 'Ne yapılsın?' }).getByLabel(action, { exact: true }).check();
  await details.getByLabel('Gerekçe', { exact: true }).fill(reason);
  await details.getByRole('button', { name: 'Kararı kaydet' }).click();
  await expect(scope.page().getByText('Kararınız kaydedildi.')).toBeVisible();
}

test('two citizens’ flags hide a comment (a flag without a reason comes back with what was typed); staff restore it from the queue, then hide it with a reason', async ({ page, browser, baseURL, javaScriptEnabled }) => {
  const people = cast(browser, javaScriptEnabled);
  const clean = watchConsole(page);
  const token = `${Date.now() % 1_000_000}${javaScriptEnabled ? 'j' : 'n'}`;
  const text = `Muhtar Ahmet Bey'in cep numarası bende, isteyene veririm ${token}`;

  // 1. The admin sets the threshold to 2 on the moderators' page, from the work menu; the word
  // list goes back as it was. Meanwhile a citizen writes a comment on their idea, and two others
  // sign up (each in a browser of their own).
  const setThreshold = async () => {
    await signIn(page, ADMIN.email, ADMIN.password);
    await expect(page).toHaveURL(/\/account$/);
    await openMenu(page, 'Çalışma alanı');
    await page.getByRole('navigation').getByRole('link', { name: 'Moderasyon', exact: true }).click();
    await expect(page).toHaveURL(/\/moderation$/);
    await waitForHydration(page, javaScriptEnabled);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Moderasyon');
    const settings = page.locator('#settings');
    await expect(settings.getByRole('heading', { name: 'Ayarlar' })).toBeVisible();
    const words = settings.getByLabel('Ön onaya alınan kelimeler');
    const list = await words.inputValue();
    expect(list.split('\n')).toContain('salak');
    await settings.getByLabel('Kaç bildirimden sonra gizlensin?').fill('2');
    await settings.getByRole('button', { name: 'Ayarları kaydet' }).click();
    await expect(page.getByText('Moderasyon ayarları kaydedildi.')).toBeVisible();
    await expect(settings.getByLabel('Kaç bildirimden sonra gizlensin?')).toHaveValue('2');
    await expect(settings.getByText(/Şu an: 2\./)).toBeVisible();
    await expect(words).toHaveValue(list);
  };
  const writeIt = async () => {
    const author = await people.open();
    await signUp(author, 'Ayşe Yazar', uniqueEmail('mod-yazar'));
    const path = await newIdea(author, baseURL!, `Sokak lambası ${token}`);
    await people.go(author, path);
    return { path, id: await writeComment(author, text, 'Yorumunuz yayımlandı.') };
  };
  const citizen = async (name: string, prefix: string) => {
    const p = await people.open();
    await signUp(p, name, uniqueEmail(prefix));
    return p;
  };
  const [, { path, id }, first, second] = await Promise.all([
    setThreshold(),
    writeIt(),
    citizen('Mehmet Bildiren', 'mod-bir'),
    citizen('Elif İkinci', 'mod-iki'),
  ]);

  // 2. Another citizen flags it from its own page, first without choosing a reason: the page
  // comes back with the summary leading to the reasons, and what was typed is kept.
  await people.go(first, path);
  await openFlagPage(first, id);
  await expect(first.locator('.reported')).toContainText(text);
  const detail = 'Muhtarın numarasını herkese açık paylaşıyor.';
  await first.getByLabel(FLAG_DETAIL).fill(detail);
  await first.getByRole('button', { name: 'Moderatörlere bildir' }).click();
  await expect(first.getByRole('heading', { name: 'Bir sorun var' })).toBeVisible();
  await expect(first).toHaveURL(new RegExp(`/comments/${id}/flag$`));
  const link = first.getByRole('link', { name: 'Bir gerekçe verin' });
  await expect(link).toHaveAttribute('href', '#reason');
  const reasons = first.getByRole('group', { name: 'Neden bildiriyorsunuz?' });
  await expect(reasons).toHaveAttribute('id', 'reason');
  await expect(reasons.locator('.error')).toHaveText('Bir gerekçe verin');
  await expect(reasons.getByRole('radio', { checked: true })).toHaveCount(0);
  await expect(first.getByLabel(FLAG_DETAIL)).toHaveValue(detail);
  await waitForHydration(first, javaScriptEnabled);
  await expectAccessible(first);
  await expectNoOverflow(first);
  await link.click();
  await expect(first).toHaveURL(/#reason$/);
  await reasons.getByLabel('Kişisel bilgi (telefon, adres, kimlik numarası)', { exact: true }).check();
  await first.getByRole('button', { name: 'Moderatörlere bildir' }).click();
  await expect(first.getByText('Bildiriminiz moderatörlere iletildi. Teşekkürler.')).toBeVisible();
  await expect(first).toHaveURL(new RegExp(`${path}#comment-${id}$`));
  await expect(first.getByRole('heading', { name: 'Bir sorun var' })).toHaveCount(0);
  // One flag, under the threshold: the comment stays in view.
  await expect(first.locator(`#comment-${id}`)).toContainText(text);
  await expect(first.getByText(FLAGGED)).toHaveCount(0);

  // 3. A third citizen's flag hides it: they read the placeholder, with nothing to report on it.
  await people.go(second, path);
  await flagComment(second, id, 'Konu dışı');
  const flagged = second.locator(`#comment-${id}`);
  await expect(flagged.getByRole('note')).toHaveText(FLAGGED);
  await expect(flagged).not.toContainText(text);
  await expect(flagged.getByRole('link', { name: 'Bildir', exact: true })).toHaveCount(0);
  await expectAccessible(second);
  await expectNoOverflow(second);
  // The submission's own flag page.
  await second.getByRole('link', { name: 'Bu başvuruyu bildir' }).click();
  await expect(second.getByRole('heading', { level: 1 })).toHaveText('Bu başvuruyu bildirin');
  await expect(second.getByLabel('Reklam ya da tekrar eden içerik')).toBeVisible();
  await expectAccessible(second);

  // 4. A visitor reads the placeholder, not the text.
  const visitor = await people.open();
  await people.go(visitor, path);
  await expect(visitor.locator(`#comment-${id}`).getByRole('note')).toHaveText(FLAGGED);
  await expect(visitor.locator('body')).not.toContainText(text);

  // 5. Staff find it in the queue, with its flags, and restore it.
  await page.goto('/moderation');
  await waitForHydration(page, javaScriptEnabled);
  const entry = page.locator(`li#comment-${id}`);
  await expect(entry).toContainText('Bildirimlerle gizlendi');
  await expect(entry).toContainText(text);
  await expect(entry).toContainText('Kişisel bilgi (telefon, adres, kimlik numarası): 1');
  await expect(entry).toContainText('Konu dışı: 1');
  await openDecision(entry);
  await expectAccessible(page);
  await expectNoOverflow(page);
  await decide(entry, 'Yayına al', 'Numara uydurma, kişisel bilgi yok.');
  await expect(page).toHaveURL(/\/moderation/);
  await expect(page.locator(`li#comment-${id}`)).toHaveCount(0);

  await people.go(visitor, path);
  await expect(visitor.locator(`#comment-${id}`)).toContainText(text);
  await expect(visitor.getByText(FLAGGED)).toHaveCount(0);

  // 6. Staff hide it from the comment's own form, with a reason the visitor reads.
  await page.goto(path);
  await waitForHydration(page, javaScriptEnabled);
  await decide(page.locator(`#comment-${id}`), 'Gizle', 'Kişisel bilgi içeriyor');
  await expect(page).toHaveURL(new RegExp(`${path}#comment-${id}$`));
  // Staff still read the original, beneath the note the public reads.
  const moderated = page.locator(`#comment-${id}`);
  await expect(moderated.getByRole('note')).toContainText(HIDDEN);
  await expect(moderated).toContainText(text);

  await people.go(visitor, path);
  const hidden = visitor.locator(`#comment-${id}`);
  await expect(hidden.getByRole('note')).toContainText(HIDDEN);
  await expect(hidden.getByRole('note')).toContainText('Gerekçe: Kişisel bilgi içeriyor');
  await expect(visitor.locator('body')).not.toContainText(text);
  clean();
  await people.done();
});

test('a comment with a listed insult waits for a moderator, who publishes it', async ({ page, browser, baseURL, javaScriptEnabled }) => {
  const people = cast(browser, javaScriptEnabled);
  const clean = watchConsole(page);
  const token = `${Date.now() % 1_000_000}${javaScriptEnabled ? 'j' : 'n'}`;
  const text = `Siz ne salaksınız (${token})`;

  // The author is told it waits, and reads it with the note; a visitor does not see it. (Staff
  // sign in meanwhile.)
  const author = await people.open();
  const writeIt = async () => {
    await signUp(author, 'Hasan Öfkeli', uniqueEmail('mod-tutulan'));
    const path = await newIdea(author, baseURL!, `Otobüs durağı ${token}`);
    await people.go(author, path);
    return { path, id: await writeComment(author, text, 'Metniniz yayımlanmadan önce bir moderatörün onayını bekliyor') };
  };
  const staffIn = async () => {
    await signIn(page, ADMIN.email, ADMIN.password);
    await expect(page).toHaveURL(/\/account$/);
  };
  const [{ path, id }] = await Promise.all([writeIt(), staffIn()]);
  const mine = author.locator(`#comment-${id}`);
  await expect(mine).toContainText(text);
  await expect(mine.getByRole('note')).toHaveText(/^Bu metin yayımlanmadan önce bir moderatörün onayını bekliyor/);
  await waitForHydration(author, javaScriptEnabled);
  await expectAccessible(author);

  const visitor = await people.open();
  await people.go(visitor, path);
  await expect(visitor.locator(`#comment-${id}`)).toHaveCount(0);
  await expect(visitor.locator('body')).not.toContainText(text);
  await expect(visitor.getByText('Henüz yorum yok. İlk yorumu siz yazın.')).toBeVisible();

  // Staff find it in the queue with the word that held it, and publish it.
  await page.goto('/moderation');
  await waitForHydration(page, javaScriptEnabled);
  const entry = page.locator(`li#comment-${id}`);
  await expect(entry).toContainText('Onay bekliyor');
  await expect(entry).toContainText(text);
  await expect(entry.getByText('Listeden eşleşen kelime: salak')).toBeVisible();
  await expect(entry).toContainText('Yazan: Hasan Öfkeli');
  await decide(entry, 'Yayına al', 'Eleştiri, hakaret sayılmaz.');
  await expect(page.locator(`li#comment-${id}`)).toHaveCount(0);

  await people.go(visitor, path);
  await expect(visitor.locator(`#comment-${id}`)).toContainText(text);
  await expect(visitor.locator(`#comment-${id}`).getByRole('note')).toHaveCount(0);
  clean();
  await people.done();
});
