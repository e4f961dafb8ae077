// Journey: a citizen creates an account, signs out, gets the password wrong, signs in,
// changes the password. Runs with JavaScript on and off.
import { expect, test } from '@playwright/test';
import { expectAccessible, PASSWORD, signIn, signOut, signUp, uniqueEmail, waitForHydration, watchConsole } from './helpers';

test('sign up, sign out, wrong password, sign in', async ({ page, javaScriptEnabled }) => {
  const clean = watchConsole(page);
  const email = uniqueEmail('ayse');
  await signUp(page, 'Ayşe Yılmaz', email);
  await expect(page.getByRole('status')).toContainText('Hesabınız oluşturuldu');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hesabım');
  await expect(page.getByText(email)).toBeVisible();
  await waitForHydration(page, javaScriptEnabled);
  await expectAccessible(page);

  await signOut(page);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('status')).toContainText('Çıkış yaptınız');
  await expect(page.getByRole('link', { name: 'Giriş yap' })).toBeVisible();

  await signIn(page, email, 'yanlis parola 123');
  await expect(page).toHaveTitle(/^Hata: Giriş yapın/);
  await expect(page.getByRole('alert')).toContainText('E-posta adresi ya da parola yanlış');
  await expect(page.getByLabel('E-posta adresi')).toHaveValue(email);
  await expect(page.getByLabel('Parola')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Parola')).toHaveValue('');
  await expectAccessible(page);

  await page.getByLabel('Parola').fill(PASSWORD);
  await page.getByRole('button', { name: 'Giriş yap' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('status')).toContainText('Giriş yaptınız');
  clean();
});

test('sign-up errors are listed, linked and keep what was typed', async ({ page, javaScriptEnabled }) => {
  const clean = watchConsole(page);
  await page.goto('/sign-up');
  await waitForHydration(page, javaScriptEnabled);
  await page.getByLabel('E-posta adresi').fill('ayse.example.com');
  await page.getByLabel('Parola').fill('kisa');
  await page.getByRole('button', { name: 'Hesap oluştur' }).click();

  await expect(page).toHaveTitle(/^Hata: Hesap oluşturun/);
  const summary = page.getByRole('alert');
  await expect(summary.getByRole('heading')).toHaveText('Bir sorun var');
  await expect(summary.getByRole('link')).toHaveText([
    'Adınızı girin',
    'E-posta adresini ad@ornek.com biçiminde girin',
    'Parola en az 10 karakter olmalı',
  ]);
  if (javaScriptEnabled) {
    await waitForHydration(page, true);
    await expect(summary).toBeFocused();
  }
  await summary.getByRole('link', { name: 'Adınızı girin' }).click();
  await expect(page.getByLabel('Adınız ve soyadınız')).toBeFocused();
  await expect(page.getByLabel('E-posta adresi')).toHaveValue('ayse.example.com');
  await expectAccessible(page);
  clean();
});

test('password change', async ({ page }) => {
  const clean = watchConsole(page);
  const email = uniqueEmail('parola');
  await signUp(page, 'Mehmet Kaya', email);
  await page.getByLabel('Şu anki parolanız').fill(PASSWORD);
  await page.getByLabel('Yeni parola').fill('1234567890');
  await page.getByRole('button', { name: 'Parolayı değiştir' }).click();
  await expect(page.getByRole('alert')).toContainText('Bu parola kolay tahmin edilir');

  await page.getByLabel('Şu anki parolanız').fill(PASSWORD);
  await page.getByLabel('Yeni parola').fill('ulu dağın eteğinde 16');
  await page.getByRole('button', { name: 'Parolayı değiştir' }).click();
  await expect(page.getByRole('status')).toContainText('Parolanız değiştirildi');

  await signOut(page);
  await signIn(page, email, 'ulu dağın eteğinde 16');
  await expect(page).toHaveURL(/\/account$/);
  clean();
});
