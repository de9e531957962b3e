import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { baseUrl, signIn, withBrowserPage } from './browser';

let page: Page;
withBrowserPage(async (p) => {
  page = p;
  await signIn(page, 'admin@example.com', inject('adminPassword'));
});

describe('head office: audit, settlement, statistics and voucher settings', () => {
  it('audits a confirmed store day, then settles it', async () => {
    await page.goto(`${baseUrl()}/vouchers/audit`);
    const table = page.getByRole('table', { name: 'Merchant days' });
    const confirmed = table.getByRole('row').filter({ has: page.getByText('CONFIRMED', { exact: true }) }).first();
    await confirmed.waitFor();
    const date = (await confirmed.getByRole('button').first().textContent())!.trim();
    await confirmed.getByRole('button', { name: 'Audit' }).click();
    await page.getByRole('dialog').getByLabel('Comment').fill('matches the till');
    await page.getByRole('dialog').getByRole('button', { name: 'Mark audited' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByRole('link', { name: 'Settlement' }).click();
    const audited = page.getByRole('table', { name: 'Merchant days' }).getByTestId(`day-${date}`).filter({ has: page.getByText('AUDITED', { exact: true }) }).first();
    await audited.getByRole('button', { name: 'Settle' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('table', { name: 'Merchant days' }).getByTestId(`day-${date}`).filter({ has: page.getByText('SETTLED', { exact: true }) }).first().waitFor();
  });

  it('shows voucher statistics with charts', async () => {
    await page.getByRole('link', { name: 'Voucher statistics' }).click();
    await page.getByText('Write-off rate').waitFor();
    await page.locator('.recharts-wrapper').first().waitFor();
    expect(await page.locator('.recharts-wrapper').count()).toBe(2);
  });

  it('sets a voucher exclusion and a store’s opening hours', async () => {
    await page.getByRole('link', { name: 'Voucher settings' }).click();
    await page.locator('input').and(page.getByLabel('Voucher campaign')).click();
    await page.getByRole('option', { name: 'ZX Spa Experience' }).click();
    await page.getByLabel('Description printed on the voucher').fill('One spa treatment; not on Christmas Day');
    await page.getByRole('button', { name: 'Save exclusions' }).click();
    await page.getByText('Voucher exclusions saved').waitFor();
    await page.locator('input').and(page.getByLabel('Store', { exact: true })).click();
    await page.getByRole('option', { name: /Store Harbour/ }).click();
    await page.getByLabel('Sunday opens').waitFor();
    await page.getByLabel('Sunday opens').fill('10:00');
    await page.getByRole('button', { name: 'Save hours' }).click();
    await page.getByText('Opening hours saved').waitFor();
  });
});
