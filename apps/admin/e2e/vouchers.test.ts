import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { baseUrl, signIn, withBrowserPage } from './browser';

let page: Page;
withBrowserPage(async (p) => {
  page = p;
  // A phone-sized screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, 'merchant@example.com', 'perkflow-demo');
});

describe('a merchant writes off a voucher on a phone', () => {
  it('types a code, sees the verdict with its reason, writes the voucher off, and it is then used', async () => {
    await page.goto(`${baseUrl()}/vouchers/write-off`);
    await page.getByRole('heading', { name: 'Write off a voucher' }).waitFor();
    await page.getByRole('button', { name: 'Scan QR code' }).waitFor();

    await page.getByLabel('Voucher code').fill('NOSUCHCODE1');
    await page.getByRole('button', { name: 'Check' }).click();
    const verdict = page.getByTestId('voucher-verdict');
    await verdict.getByText('Not a voucher').waitFor();

    await page.getByLabel('Voucher code').fill('spademo02');
    await page.getByRole('button', { name: 'Check' }).click();
    await verdict.getByText('Valid', { exact: true }).waitFor();
    expect(await verdict.textContent()).toContain('ZX Spa Experience');
    expect(await verdict.textContent()).toContain('Value: 50.00 EUR');

    await page.getByLabel('Amount').fill('50.00');
    await page.getByRole('button', { name: 'Write off' }).click();
    await page.getByTestId('write-off-done').getByText(/Voucher SPADEMO02 written off: 50\.00 EUR/).waitFor();

    // The same voucher again: already used.
    await page.getByLabel('Voucher code').fill('SPADEMO02');
    await page.getByRole('button', { name: 'Check' }).click();
    await verdict.getByText('Already used').waitFor();
    expect(await page.getByRole('button', { name: 'Write off' }).count()).toBe(0);

    // Nothing spills sideways on a 390 px screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  it("shows the write-off on the store's day and confirms the day", async () => {
    await page.goto(`${baseUrl()}/vouchers/days`);
    await page.getByRole('heading', { name: 'Store days' }).waitFor();
    const table = page.getByRole('table', { name: 'Merchant days' });
    await table.waitFor();
    // Yesterday's seeded day at Store Central is CONFIRMED already; the day with today's write-off is OPEN.
    const open = table.getByRole('row').filter({ has: page.getByText('OPEN', { exact: true }) }).filter({ hasText: '50.00' }).first();
    await open.waitFor();
    await open.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await page.getByText(/confirmed$/).first().waitFor();
    await table.getByRole('row').filter({ hasText: '50.00' }).filter({ has: page.getByText('CONFIRMED', { exact: true }) }).first().waitFor();
  });
});
