import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { CHROMIUM } from './global-setup';

/** Debian's Chromium, headless (playwright gives it a fresh throwaway profile), no background networking. */
export async function launchBrowser(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    browser,
    close: async () => {
      await browser.close();
    },
  };
}

/** One browser and page for a test file: `ready` receives the page before the first test. */
export function withBrowserPage(ready: (page: Page) => void | Promise<void>): void {
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const launched = await launchBrowser();
    close = launched.close;
    await ready(await launched.browser.newPage());
  });
  afterAll(async () => close?.());
}

export const baseUrl = () => inject('baseUrl');

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(baseUrl());
  await page.getByLabel('E-mail').fill(email);
  await page.locator('input[autocomplete="current-password"]').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signed-in-as').filter({ hasText: email }).waitFor();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
}

/** Picks an option of a Mantine Select/MultiSelect by its label. */
export async function pick(page: Page, label: string, option: string): Promise<void> {
  await page.getByRole('dialog').getByLabel(label, { exact: true }).click({ force: true });
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** Picks the first option of a Mantine Select in the open dialog. */
export async function pickFirst(page: Page, label: string): Promise<void> {
  await page.getByRole('dialog').getByLabel(label, { exact: true }).click();
  await page.getByRole('option').first().click();
}

/** Closes an open Select/MultiSelect dropdown by clicking the dialog's title (Escape could close the dialog itself). */
export async function closeDropdown(page: Page): Promise<void> {
  await page.getByRole('dialog').getByRole('heading').first().click();
}

/** Submits the open dialog and waits until it has closed (the form was accepted). */
export async function submitDialog(page: Page, button: string): Promise<void> {
  await page.getByRole('dialog').getByRole('button', { name: button }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
}

/** The labels of the main navigation. */
export async function navigationLabels(page: Page): Promise<string[]> {
  return (await page.getByLabel('Main navigation').locator('a').allTextContents()).map((t) => t.trim());
}
