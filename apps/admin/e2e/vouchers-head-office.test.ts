import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { baseUrl, signIn, withBrowserPage } from './browser';

let page: Page;
withBrowserPage(async (p) => {
  page = p;
  await signIn(page, 'admin@example.com', inject('adminPassword'));
});

async function api<T>(query: string): Promise<T> {
  const token = await page.evaluate(() => localStorage.getItem('perkflow.token'));
  const response = await fetch(`${baseUrl()}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) });
  return ((await response.json()) as { data: T }).data;
}

async function pickCustomer(name: string): Promise<void> {
  const input = page.locator('input').and(page.getByLabel('Customer', { exact: true }));
  await input.fill(name);
  await page.getByRole('option', { name: new RegExp(`^${name}`) }).first().click();
}

describe('head office: audit, settlement, statistics and voucher settings', () => {
  it('issues a voucher; one per person, so a second one asks for an exception', async () => {
    const { campaigns } = await api<{ campaigns: { id: string; name: string }[] }>('{ campaigns { id name } }');
    const spa = campaigns.find((c) => c.name === 'ZX Spa Experience')!;
    const { codes } = await api<{ codes: { nodes: { customer: { id: string; name: string } | null }[] } }>(`{ codes(campaignId: "${spa.id}", filter: { issued: true }, first: 50) { nodes { customer { id name } } } }`);
    const holders = new Set(codes.nodes.map((n) => n.customer!.id));
    const { customers } = await api<{ customers: { nodes: { id: string; name: string; blacklisted: boolean }[] } }>('{ customers(first: 100) { nodes { id name blacklisted } } }');
    const holder = customers.nodes.find((c) => holders.has(c.id))!;
    const fresh = customers.nodes.find((c) => !holders.has(c.id) && !c.blacklisted && !customers.nodes.some((o) => o !== c && o.name.startsWith(c.name)))!;

    await page.goto(`${baseUrl()}/vouchers/issue`);
    await page.locator('input').and(page.getByLabel('Voucher campaign')).click();
    await page.getByRole('option', { name: 'ZX Spa Experience' }).click();
    await pickCustomer(holder.name);
    await page.getByRole('button', { name: 'Issue', exact: true }).click();
    await page.getByText(/one per person/).first().waitFor();
    await page.getByLabel('Reason').fill('voucher lost at the event');
    await page.getByRole('button', { name: 'Request an exception' }).click();
    await page.getByText(/is PENDING/).waitFor();

    await pickCustomer(fresh.name);
    await page.getByRole('button', { name: 'Issue', exact: true }).click();
    await page.getByTestId('issued-voucher').getByText(/^SPADEMO/).waitFor();
    expect(await page.getByTestId('issued-voucher').locator('svg').count()).toBe(1);
  });

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
    // The same figures download as CSV.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^vouchers-\d+-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const body = await (await download.createReadStream()).toArray();
    expect(Buffer.concat(body).toString('utf8')).toMatch(/^figure,value\nfrom,/);
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
