import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signIn, withBrowserPage } from './browser';

let page: Page;
withBrowserPage(async (p) => {
  page = p;
  await signIn(page, 'marketing@example.com', 'perkflow-demo');
});

describe('rewards report in the admin app', () => {
  it('a marketing manager picks the demo scheme and sees the figures, the monthly chart and the offers', async () => {
    await page.getByRole('link', { name: 'Rewards report' }).click();
    // With one scheme it is already picked; with more the manager picks the demo one.
    await page.getByLabel('Scheme', { exact: true }).first().click();
    await page.getByRole('option', { name: 'ZX Loyalty Club' }).click();
    const liability = page.getByText('Outstanding liability (now)');
    await liability.waitFor();
    const amount = await liability.locator('xpath=following-sibling::*[1]').textContent();
    expect(amount).toMatch(/^\d+\.\d{2} EUR$/);
    await page.getByRole('table', { name: 'Awarded per offer' }).waitFor();
    expect(await page.locator('.recharts-surface').count()).toBeGreaterThan(0);
    // An empty period shows the empty state.
    await page.getByLabel('From (inclusive)').fill('2001-01-01');
    await page.getByLabel('To (exclusive)').fill('2001-02-01');
    await page.getByText('No awards in this period.').waitFor();
  });
});
