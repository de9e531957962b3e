import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { pick, signIn, submitDialog, withBrowserPage } from './browser';

let page: Page;
withBrowserPage(async (p) => {
  page = p;
  await signIn(page, 'admin@example.com', inject('adminPassword'));
});

const suffix = Date.now().toString(36);

/** Picks an option of a Mantine Select outside dialogs (the offer editor is a page). */
async function pickOnPage(label: string, option: string | RegExp): Promise<void> {
  // (the label of a required field ends with " *"; a Select's listbox carries the label too)
  await page.getByLabel(new RegExp(`^${label}( \\*)?$`)).first().click({ force: true });
  await page.getByRole('option', { name: option }).first().click();
}

describe('rewards through the admin app', () => {
  it('shows the demo scheme and creates an offer category and a template', async () => {
    await page.getByRole('link', { name: 'Schemes, types & templates' }).click();
    await page.getByRole('cell', { name: 'ZX Loyalty Club' }).waitFor();
    await page.getByRole('button', { name: 'New category' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill(`Weekend ${suffix}`);
    await submitDialog(page, 'Create');
    await page.getByRole('tab', { name: /^Categories/ }).click();
    await page.getByRole('cell', { name: `Weekend ${suffix}` }).waitFor();

    await page.getByRole('button', { name: 'New template' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill(`Evening seven ${suffix}`);
    await pick(page, 'Classification', 'Just money');
    await dialog.getByLabel('Amount or percentage').fill('7.00');
    await dialog.getByLabel('Spendable from (HH:MM)').fill('18:00');
    await dialog.getByLabel('until (HH:MM)').fill('23:00');
    await submitDialog(page, 'Create');
    await page.getByRole('tab', { name: /^Templates/ }).click();
    await page.getByRole('row').filter({ hasText: `Evening seven ${suffix}` }).filter({ hasText: '18:00–23:00' }).waitFor();
  });

  it('filters the offers list and opens an offer whose sections follow its classification', async () => {
    await page.getByRole('link', { name: 'Reward offers' }).click();
    const table = page.getByRole('table', { name: 'reward offers' });
    await table.getByRole('row').filter({ hasText: 'Welcome fiver' }).waitFor();
    await pickOnPage('Classification', 'Increase revenue transaction based');
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('table[aria-label="reward offers"] tbody tr')];
      return rows.length === 1 && /Two percent back/.test(rows[0]!.textContent ?? '');
    });
    await table.getByRole('link').first().click();
    await page.getByRole('heading', { name: /Two percent back/ }).waitFor();
    // a transaction-based classification offers percentage awards
    await page.getByText('This classification awards an amount or a percentage of the event amount.').waitFor();
    expect(await page.getByLabel('Percentage', { exact: true }).inputValue()).toBe('2');
  });

  it('creates an offer from a template, shows the API refusal on the field, then makes it effective', async () => {
    await page.getByRole('link', { name: 'Reward offers' }).click();
    await page.getByRole('link', { name: 'New offer' }).click();
    await page.getByRole('heading', { name: 'New reward offer' }).waitFor();
    await page.getByLabel(/^Name( \*)?$/).first().fill(`Evening offer ${suffix}`);
    await pickOnPage('Template', new RegExp(`Evening seven ${suffix}`));
    // the template pre-fills the award and the spend conditions, and picks a type of its classification
    expect(await page.getByLabel('Award amount').inputValue()).toBe('7');
    expect(await page.getByLabel('Hour range 1 from').inputValue()).toBe('18:00');
    await page.getByText('Classification: Just money').waitFor();
    // amount only for Just Money
    expect(await page.getByRole('radio', { name: 'Percentage of event amount' }).count()).toBe(0);
    await pickOnPage('Scheme', 'ZX Loyalty Club');
    await pickOnPage('Valid', 'For a specific period');
    await page.getByLabel('Valid from (inclusive)').fill('2027-03-01T00:00');
    await page.getByLabel('Valid to (exclusive)').fill('2027-02-01T00:00');
    await page.getByRole('button', { name: 'Create offer' }).click();
    await page.getByText(/must be after/).first().waitFor();

    await page.getByLabel('Valid to (exclusive)').fill('2027-04-01T00:00');
    await page.getByRole('button', { name: 'Create offer' }).click();
    await page.getByRole('heading', { name: new RegExp(`RO-\\d+ Evening offer ${suffix}`) }).waitFor();
    await page.getByText('Not effective', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Make effective' }).click();
    await page.getByText('Effective', { exact: true }).waitFor();
    await page.getByText(/· latest effective date/).first().waitFor();
  });

  it('starts a reward run and shows its counts', async () => {
    await page.getByRole('link', { name: 'Reward runs' }).click();
    const table = page.getByRole('table', { name: 'reward runs' });
    await table.getByRole('row').filter({ hasText: 'SEED' }).filter({ hasText: 'FINISHED' }).waitFor();
    const before = await table.getByRole('row').count();
    await page.getByRole('button', { name: 'Start reward run' }).click();
    await page.waitForFunction((n) => document.querySelectorAll('table[aria-label="reward runs"] tbody tr').length > n, before - 1);
    await table.getByRole('row').filter({ hasText: 'MANUAL' }).filter({ hasText: 'FINISHED' }).first().waitFor({ timeout: 30_000 });
  });

  it("shows a participant's wallet: balance, awards with expiry, spends", async () => {
    await page.getByRole('link', { name: 'Wallets' }).click();
    await pickOnPage('Reward scheme', /ZX Loyalty Club/);
    await page.getByLabel('Customer', { exact: true }).first().fill('Maria Papadopoulou');
    await page.getByRole('option', { name: /Maria Papadopoulou/ }).first().click();
    const balance = page.getByLabel('Wallet balance');
    await balance.waitFor();
    expect(await balance.textContent()).toMatch(/^\d+\.\d{2} EUR$/);
    await page.getByRole('table', { name: 'awards' }).getByRole('row').filter({ hasText: 'Welcome fiver' }).waitFor();
    await page.getByRole('table', { name: 'spends' }).getByRole('row').filter({ hasText: '5.00' }).waitFor();
  });
});
