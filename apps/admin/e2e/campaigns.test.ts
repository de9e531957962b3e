import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { signIn, signOut, withBrowserPage } from './browser';

let page: Page;
withBrowserPage(async (p) => {
  page = p;
  await signIn(page, 'admin@example.com', inject('adminPassword'));
});

const name = `Jazz e2e ${Date.now().toString(36)}`;
let campaignUrl = '';
let firstCode = '';

/** A GraphQL call from the page with the signed-in user's token (as a checkout would call the API). */
async function api<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const body = await page.evaluate(
    async ([q, v]) => {
      const response = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${localStorage.getItem('perkflow.token')}` }, body: JSON.stringify({ query: q, variables: v }) });
      return response.json();
    },
    [query, variables] as const,
  );
  const result = body as { data?: T; errors?: unknown[] };
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data as T;
}

describe('campaigns through the admin app', () => {
  it('creates a campaign with the wizard, sees the conflict check and activates it', async () => {
    await page.getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('table', { name: 'campaigns' }).waitFor();
    await page.getByRole('link', { name: 'New campaign' }).click();

    // Discount: the wizard refuses to go on without a name and a percentage
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Give the campaign a name').waitFor();
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Percentage', { exact: true }).fill('15');
    await page.getByLabel('Cap per redemption (optional)').fill('20');
    await page.getByRole('button', { name: 'Next' }).click();
    // Budget and limits
    await page.getByLabel('Budget period').selectOption('MONTH');
    await page.getByLabel('Budget amount').fill('1000');
    // a pause threshold above the budget: only the API knows, and its error lands on the field
    await page.getByLabel('Pause below (optional)').fill('2000');
    await page.getByLabel('Redemptions per customer').fill('2');
    await page.getByRole('button', { name: 'Next' }).click();
    // Targeting (everyone), stacking (exclusive)
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Stacking').selectOption('EXCLUSIVE');
    await page.getByRole('button', { name: 'Next' }).click();
    // Dates in the campaign's time zone
    await page.getByLabel('Time zone').selectOption('Europe/Athens');
    const year = new Date().getUTCFullYear() + 1;
    await page.getByLabel('Hard expiry').fill(`${year}-01-31T23:59`);
    await page.getByText(`Expires at ${year}-01-31T21:59:00Z (UTC)`).waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Review' }).waitFor();
    await page.getByText(`${year}-01-31 23:59 (Europe/Athens)`).waitFor();
    await page.getByRole('button', { name: 'Create campaign' }).click();
    const threshold = page.getByLabel('Pause below (optional)');
    await page.getByText('must be below the budget amount').waitFor();
    expect(await threshold.getAttribute('aria-invalid')).toBe('true');
    await threshold.fill('50');
    for (let step = 0; step < 4; step += 1) await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Review' }).waitFor();
    await page.getByRole('button', { name: 'Create campaign' }).click();

    // The conflict check comes before activation
    const check = page.getByLabel('Conflict check');
    await check.getByRole('heading', { name: 'Conflict check' }).waitFor();
    // the demo jazz campaign is ACTIVE for everyone on subscription packages: it overlaps this one
    await check.getByText(/active campaign\(s\) overlap/).waitFor();
    await check.getByText('Jazz Code — monthly budget offer').waitFor();
    await check.getByRole('button', { name: 'Activate' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();

    await page.getByRole('heading', { name }).waitFor();
    await page.getByText('ACTIVE', { exact: true }).first().waitFor();
    await page.getByText(`${year}-01-31 23:59 (Europe/Athens) · ${year}-01-31T21:59:00.000Z UTC`).waitFor();
    campaignUrl = page.url();
  });

  it('generates codes in the background, shows the progress and the codes, searches them and shows a QR code', async () => {
    await page.getByRole('tab', { name: /^Codes/ }).click();
    await page.getByText('No codes yet: generate or import some.').waitFor();
    await page.getByRole('button', { name: 'Generate codes…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('How many').fill('1500');
    await dialog.getByLabel('Prefix').fill('JAZZ');
    await dialog.getByRole('button', { name: 'Generate' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('progressbar', { name: /Generation progress of batch/ }).waitFor();
    await page.getByText(/Batch \d+: 1,500 of 1,500 codes/).waitFor({ timeout: 60_000 });
    await page.getByText('DONE', { exact: true }).waitFor();
    await page.getByText('1500 in all').waitFor();

    const table = page.getByRole('table', { name: 'codes' });
    const rows = table.getByRole('row');
    expect(await rows.count()).toBe(26); // header + a page of 25
    const first = ((await rows.nth(1).getByRole('cell').first().textContent()) ?? '').trim();
    expect(first).toMatch(/^JAZZ[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}$/);

    firstCode = first;
    await page.getByLabel('Search codes').fill(first);
    await page.waitForFunction((code) => {
      const cells = [...document.querySelectorAll('table[aria-label="codes"] tbody tr td:first-child')];
      return cells.length === 1 && cells[0]!.textContent === code;
    }, first);
    await page.getByText('1 in all').waitFor();

    await page.getByRole('button', { name: `QR code of ${first}` }).click();
    const qr = page.getByRole('img', { name: `QR code for ${first}` });
    await qr.waitFor();
    expect(await qr.locator('svg').count()).toBe(1);
    await page.keyboard.press('Escape');
    await qr.waitFor({ state: 'detached' });

    // issue it to a customer through a channel: the first free code (this one) is assigned
    await page.getByRole('button', { name: 'Issue to customer…' }).click();
    const issue = page.getByRole('dialog', { name: 'Issue a code to a customer' });
    await issue.getByLabel('Customer').fill('sofia');
    await page.getByRole('option', { name: /Sofia/ }).first().click();
    await issue.getByLabel('Channel').selectOption('APP');
    await issue.getByRole('button', { name: 'Issue' }).click();
    await issue.waitFor({ state: 'detached' });
    const row = table.getByRole('row').nth(1);
    await row.getByText(/Sofia/).waitFor();
    await row.getByText(/· APP$/).waitFor();

    // import a CSV: the good row goes in, the bad one comes back with its line and reason
    await page.locator('input[type="file"]').setInputFiles({ name: 'codes.csv', mimeType: 'text/csv', buffer: Buffer.from(`code\nE2E${Date.now()}\nbad!\n`) });
    const report = page.getByRole('dialog', { name: 'Import report' });
    await report.getByText('1 of 2 rows imported; 1 rejected.').waitFor();
    await report.getByRole('table', { name: 'rejected rows' }).getByText('bad!').waitFor();
    await report.getByRole('button', { name: 'Download the rejected rows (CSV)' }).waitFor();
    await page.keyboard.press('Escape');
    await report.waitFor({ state: 'detached' });
  });

  it('redeems a generated code through the API and shows it on the dashboard', async () => {
    const { code } = await api<{ code: { customer: { id: string } } }>('query($c:String!){ code(code:$c){ customer { id } } }', { c: firstCode });
    const { redeemCode } = await api<{ redeemCode: { ok: boolean; explanation: string; redemption: { discount: string } | null } }>(
      'mutation($i:RedemptionInput!,$k:String!){ redeemCode(input:$i, idempotencyKey:$k){ ok explanation redemption { discount } } }',
      { i: { code: firstCode, customerId: code.customer.id, order: { amount: '100.00', currency: 'EUR' } }, k: `e2e-${firstCode}` },
    );
    expect(redeemCode).toMatchObject({ ok: true, redemption: { discount: '15.00' } });
    await page.getByRole('tab', { name: 'Dashboard' }).click();
    await page.getByText('Redemptions per day').waitFor();
    await page.getByText('1 (0 rolled back)').waitFor();
    await page.getByText('15.00 EUR').first().waitFor();
  });

  it('shows the dashboard and asks finance for an extension', async () => {
    await page.getByRole('tab', { name: 'Dashboard' }).click();
    await page.getByText('Redemptions per day').waitFor();
    await page.getByRole('table', { name: 'variance by month' }).waitFor();
    await page.getByText('1000.00 EUR').first().waitFor();

    await page.getByRole('tab', { name: 'Finance requests' }).click();
    await page.getByRole('button', { name: 'Request extension…' }).click();
    const year = new Date().getUTCFullYear() + 1;
    await page.getByRole('dialog').getByLabel('New hard expiry (Europe/Athens)').fill(`${year}-02-28T23:59`);
    await page.getByRole('dialog').getByLabel('Reason').fill('target not met');
    await page.getByRole('dialog').getByRole('button', { name: 'Request' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    const row = page.getByRole('table', { name: 'finance requests' }).getByRole('row').nth(1);
    await row.getByText('PENDING').waitFor();
    await row.getByText(`→ ${year}-02-28 23:59 (Europe/Athens)`).waitFor();
  });

  it('a finance manager approves the extension in the approvals inbox, and the expiry moves', async () => {
    await signOut(page);
    await signIn(page, 'finance@example.com', 'perkflow-demo');
    await page.getByRole('link', { name: 'Approvals' }).click();
    const row = page.getByRole('table', { name: 'approval requests' }).getByRole('row').filter({ hasText: name });
    await row.getByRole('button', { name: 'Approve…' }).click();
    await page.getByRole('dialog').getByLabel('Comment').fill('approved in writing');
    await page.getByRole('dialog').getByRole('button', { name: 'Approve' }).click();
    // the inbox asks once more: a request is decided once
    await page.getByRole('dialog', { name: 'Approve this request?' }).getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('dialog').first().waitFor({ state: 'detached' });
    await page.getByText('Nothing waiting for your decision.').or(page.getByRole('table', { name: 'approval requests' }).getByRole('row').filter({ hasNotText: name }).first()).first().waitFor();
    await signOut(page);

    await signIn(page, 'admin@example.com', inject('adminPassword'));
    await page.goto(campaignUrl);
    const year = new Date().getUTCFullYear() + 1;
    await page.getByText(`${year}-02-28 23:59 (Europe/Athens) · ${year}-02-28T21:59:00.000Z UTC`).waitFor();
    await page.getByRole('tab', { name: 'Finance requests' }).click();
    const request = page.getByRole('table', { name: 'finance requests' }).getByRole('row').nth(1);
    await request.getByText('APPROVED', { exact: true }).waitFor();
    await request.getByText('approved in writing').waitFor();
  });
});
