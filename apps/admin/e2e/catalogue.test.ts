import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { navigationLabels, pick, pickFirst, signIn, signOut, submitDialog, withBrowserPage } from './browser';

let page: Page;
withBrowserPage(async (p) => {
  page = p;
  await signIn(page, 'admin@example.com', inject('adminPassword'));
});

const suffix = Date.now().toString(36);

describe('reference data through the admin app', () => {
  it('lists products with their types and families, and creates a product type', async () => {
    await page.getByRole('link', { name: 'Products' }).click();
    await page.getByRole('table', { name: 'products' }).getByRole('row').nth(1).waitFor();
    await page.getByRole('tab', { name: /^Types/ }).click();
    await page.getByRole('button', { name: 'New product type' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill(`Gadgets ${suffix}`);
    await submitDialog(page, 'Create');
    await page.getByRole('cell', { name: `Gadgets ${suffix}` }).waitFor();
  });

  it('creating a product with a code in use shows the API error on the code field; then creates and edits it', async () => {
    await page.getByRole('tab', { name: 'Products' }).click();
    const takenCode = (await page.getByRole('table', { name: 'products' }).getByRole('row').nth(1).getByRole('cell').first().textContent()) ?? '';
    await page.getByRole('button', { name: 'New product', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Code').fill(takenCode);
    await dialog.getByLabel('Name').fill(`Widget ${suffix}`);
    await pick(page, 'Product type', `Gadgets ${suffix}`);
    await dialog.getByLabel('Price (optional)').fill('12.5');
    await dialog.getByLabel('Currency').fill('eur');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.getByText(/exists already/).waitFor();
    expect(await dialog.getByLabel('Code').getAttribute('aria-invalid')).toBe('true');

    await dialog.getByLabel('Code').fill(`W-${suffix}`);
    await submitDialog(page, 'Create');
    const row = page.getByRole('row').filter({ hasText: `W-${suffix}` });
    await row.filter({ hasText: '12.5' }).waitFor();
    await row.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill(`Widget Pro ${suffix}`);
    await submitDialog(page, 'Save');
    await page.getByRole('cell', { name: `Widget Pro ${suffix}` }).waitFor();
  });

  it('searches customers on the server, blacklists one with a reason and takes them off again', async () => {
    await page.getByRole('link', { name: 'Customers' }).click();
    await page.getByLabel('Search customers').fill('sofia');
    const table = page.getByRole('table', { name: 'customers' });
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('table[aria-label="customers"] tbody tr')];
      return rows.length > 0 && rows.every((r) => /sofia/i.test(r.textContent ?? ''));
    });
    await table.getByRole('link').first().click();
    await page.getByRole('heading', { name: 'Addresses' }).waitFor();

    await page.getByRole('button', { name: 'Blacklist…' }).click();
    await page.getByRole('dialog').getByLabel('Reason').fill('x');
    await page.getByRole('dialog').getByRole('button', { name: 'Blacklist' }).click();
    await page.getByRole('dialog').getByText('Give a reason').waitFor();
    await page.getByRole('dialog').getByLabel('Reason').fill('Abused vouchers in e2e');
    await submitDialog(page, 'Blacklist');
    await page.getByText('Blacklisted: Abused vouchers in e2e').waitFor();

    await page.getByRole('button', { name: 'Un-blacklist' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('button', { name: 'Blacklist…' }).waitFor();
  });

  it('creates a customer with an address, then edits their region', async () => {
    await page.getByRole('link', { name: 'Customers', exact: true }).click();
    await page.getByRole('button', { name: 'New customer' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill(`Nikos Test ${suffix}`);
    await dialog.getByLabel('E-mail (optional)').fill('not-an-email');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.getByText('Enter an e-mail address').waitFor();
    await dialog.getByLabel('E-mail (optional)').fill(`nikos.${suffix}@example.com`);
    await dialog.getByRole('button', { name: 'Add address' }).click();
    await dialog.getByLabel('City 1').fill('Patras');
    await submitDialog(page, 'Create');
    await page.getByLabel('Search customers').fill(`Nikos Test ${suffix}`);
    await page.getByRole('link', { name: `Nikos Test ${suffix}` }).click();
    await page.getByText('Patras').waitFor();
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('dialog').getByLabel('Region (optional)').fill('Western Greece');
    await submitDialog(page, 'Save');
    await page.getByText('Region: Western Greece').waitFor();
  });

  it('creates a subscription for that customer with two services, the second the main one', async () => {
    await page.getByRole('button', { name: 'New subscription' }).click();
    const dialog = page.getByRole('dialog');
    await pickFirst(page, 'Product 1');
    await dialog.getByLabel('Price 1').fill('10');
    await dialog.getByRole('button', { name: 'Add line' }).click();
    await pickFirst(page, 'Product 2');
    await dialog.getByLabel('Price 2').fill('25.50');
    await dialog.getByRole('checkbox', { name: 'Main' }).nth(1).check();
    expect(await dialog.getByRole('checkbox', { name: 'Main' }).first().isChecked()).toBe(false);
    await submitDialog(page, 'Create');
    await page.getByRole('table', { name: 'subscriptions' }).getByText(/25\.50 EUR \(main\)/).waitFor();
  });

  it('creates a job for the customer; completing it before the order date shows the API error on the date', async () => {
    await page.getByRole('button', { name: 'New job' }).click();
    await pickFirst(page, 'Product 1');
    await page.getByRole('dialog').getByLabel('Price 1').fill('49.90');
    await submitDialog(page, 'Create');
    const open = page.getByRole('table', { name: 'jobs' }).getByRole('row').filter({ hasText: '49.90 EUR' }).filter({ hasText: 'open' });
    await open.waitFor();
    await open.getByRole('button', { name: 'Complete…' }).click();
    const date = page.getByRole('dialog').getByLabel('Actual completion date');
    await date.fill('2000-01-01');
    await page.getByRole('dialog').getByRole('button', { name: 'Complete' }).click();
    await page.getByRole('dialog').getByText(/before the order date/).waitFor();
    expect(await date.getAttribute('aria-invalid')).toBe('true');
    await date.fill(new Date().toISOString().slice(0, 10));
    await submitDialog(page, 'Complete');
    await page.getByRole('table', { name: 'jobs' }).getByRole('row').filter({ hasText: '49.90 EUR' }).filter({ hasNotText: 'open' }).first().waitFor();
  });

  it('validates a segment rule as JSON here, shows the API error on the rule field, previews members and saves', async () => {
    await page.getByRole('link', { name: 'Segments' }).click();
    await page.getByRole('button', { name: 'New segment' }).click();
    const dialog = page.getByRole('dialog');
    const rule = dialog.getByLabel('Rule (JsonLogic)');
    await dialog.getByLabel('Name').fill(`Late jobs ${suffix}`);

    await rule.fill('{"==": [');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.getByText(/Not valid JSON/).waitFor();

    await rule.fill('{"==": [{"var": "shoeSize"}, 42]}');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.getByText(/is not a fact/).waitFor();
    expect(await rule.getAttribute('aria-invalid')).toBe('true');

    await rule.fill('{">": [{"var": "actualCompletionDate"}, {"var": "expectedCompletionDate"}]}');
    await dialog.getByRole('button', { name: 'Preview members' }).click();
    await dialog.getByTestId('segment-members').getByText(/\d+ members?/).waitFor();
    await submitDialog(page, 'Create');
    await page.getByRole('cell', { name: `Late jobs ${suffix}` }).waitFor();
  });

  it('edits the segment: renames it and changes its rule', async () => {
    await page.getByRole('row').filter({ hasText: `Late jobs ${suffix}` }).getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill(`Early jobs ${suffix}`);
    await dialog.getByLabel('Rule (JsonLogic)').fill('{"<": [{"var": "actualCompletionDate"}, {"var": "expectedCompletionDate"}]}');
    await submitDialog(page, 'Save');
    await page.getByRole('row').filter({ hasText: `Early jobs ${suffix}` }).getByRole('button', { name: 'Members' }).click();
    await page.getByRole('dialog').getByText('"<"').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('an agent sees reference data read-only and no organisation pages', async () => {
    await signOut(page);
    await signIn(page, 'agent@example.com', 'perkflow-demo');
    const nav = await navigationLabels(page);
    expect(nav).toEqual(expect.arrayContaining(['Products', 'Customers']));
    for (const hidden of ['Groups', 'Users', 'Audit log']) expect(nav).not.toContain(hidden);
    await page.getByRole('link', { name: 'Customers' }).click();
    await page.getByRole('table', { name: 'customers' }).getByRole('link').first().click();
    await page.getByRole('heading', { name: 'Addresses' }).waitFor();
    expect(await page.getByRole('button', { name: /^(New |Blacklist)/ }).count()).toBe(0);
    await page.screenshot({ path: `${process.env.TMPDIR ?? '/tmp'}/perkflow-customer.png`, fullPage: true });
  });

  it('a marketing manager may create segments but only read customers', async () => {
    await signOut(page);
    await signIn(page, 'marketing@example.com', 'perkflow-demo');
    await page.getByRole('link', { name: 'Segments' }).click();
    await page.getByRole('button', { name: 'New segment' }).waitFor();
    await page.getByRole('link', { name: 'Customers', exact: true }).click();
    await page.getByRole('table', { name: 'customers' }).getByRole('link').first().waitFor();
    expect(await page.getByRole('button', { name: 'New customer' }).count()).toBe(0);
  });
});
