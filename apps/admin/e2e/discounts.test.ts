// Seed 003 in the browser: an agent adds a discount to a monthly subscription (only applicable
// definitions, range shown, an out-of-range amount refused on the field), the Customer Care supervisor
// approves it from the approval inbox with a comment, and the agent previews the bill with the discount.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { pick, signIn, signOut, submitDialog, withBrowserPage } from './browser';

let page: Page;
withBrowserPage((p) => {
  page = p;
});

const CUSTOMER = 'Nikos Papadopoulou';
const DEFINITION = 'ZX complaint discount (monthly subscribers) · 5.00–20.00 EUR';

async function openSubscription(): Promise<void> {
  await page.getByRole('link', { name: 'Customers' }).click();
  await page.getByLabel('Search customers').fill(CUSTOMER);
  await page.getByRole('table', { name: 'customers' }).getByRole('link', { name: CUSTOMER }).click();
  await page.getByRole('table', { name: 'subscriptions' }).getByRole('link', { name: 'Discounts & bill' }).first().click();
  await page.getByRole('heading', { name: /^Subscription \d+$/ }).waitFor();
}

describe('agent submits → supervisor approves → agent previews the bill', () => {
  it('the agent adds a discount from the applicable definitions; the range is shown and enforced', async () => {
    await signIn(page, 'agent@example.com', 'perkflow-demo');
    await openSubscription();
    await page.getByRole('button', { name: 'Add discount' }).click();
    await pick(page, 'Discount', DEFINITION);
    const allowed = await page.getByTestId('allowed-range').textContent();
    expect(allowed).toContain('Allowed: 5.00 to 20.00 EUR per billing period.');
    expect(allowed).toContain('Needs approval by Customer Care managers.');
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Amount').fill('25');
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await dialog.getByText(/between 5.00 and 20.00/).waitFor();
    await dialog.getByLabel('Amount').fill('20.00');
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByRole('table', { name: 'ad hoc discounts' }).getByRole('row').filter({ hasText: 'ZX complaint discount' });
    await row.getByText('PENDING APPROVAL').waitFor();
    expect(await row.textContent()).toContain('FIBRE-100');
    // The submitter may change it while pending; the range is enforced again.
    await row.getByRole('button', { name: 'Change…' }).click();
    await page.getByRole('dialog').getByLabel('Amount').fill('25');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.getByRole('dialog').getByText(/between 5.00 and 20.00/).waitFor();
    await page.getByRole('dialog').getByLabel('Amount').fill('20.00');
    await submitDialog(page, 'Save');
    // Not in the bill until approved.
    await page.getByRole('button', { name: 'Preview bill' }).click();
    expect(await page.getByTestId('bill-total').textContent()).toBe('29.90');
    await signOut(page);
  });

  it('the supervisor approves it from the inbox, with a comment and a confirmation', async () => {
    await signIn(page, 'supervisor@example.com', 'perkflow-demo');
    // The start page says what waits for the supervisor's decision (the seeded request and the agent's).
    await page.getByText(/\d+ requests? waiting for your decision/).waitFor();
    await page.getByRole('link', { name: 'Approvals' }).click();
    const row = page.getByRole('row').filter({ hasText: CUSTOMER });
    await row.waitFor();
    expect(await row.textContent()).toContain('20.00 EUR on FIBRE-100');
    await row.getByRole('button', { name: 'Approve…' }).click();
    await page.getByRole('dialog', { name: 'Approve request' }).getByLabel('Comment').fill('Serious complaint, approved');
    await page.getByRole('dialog', { name: 'Approve request' }).getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('dialog', { name: 'Approve this request?' }).getByRole('button', { name: 'Approve' }).click();
    await row.waitFor({ state: 'detached' });
    await page.locator('label').filter({ hasText: /^Approved$/ }).click();
    await page.getByRole('row').filter({ hasText: CUSTOMER }).filter({ hasText: 'Serious complaint, approved' }).waitFor();
    await signOut(page);
  });

  it('the agent previews the bill: €20.00 off the main service, per line', async () => {
    await signIn(page, 'agent@example.com', 'perkflow-demo');
    await openSubscription();
    await page.getByRole('table', { name: 'ad hoc discounts' }).getByText('APPROVED', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Preview bill' }).click();
    const bill = page.getByRole('table', { name: 'bill preview' });
    const fibre = bill.getByRole('row').filter({ hasText: 'FIBRE-100' });
    await fibre.waitFor();
    expect((await fibre.getByRole('cell').allTextContents()).map((c) => c.trim())).toEqual([
      'FIBRE-100 · Fibre 100', '29.90', 'ad hocZX complaint discount (monthly subscribers): −20.00', '9.90',
    ]);
    expect(await page.getByTestId('bill-total').textContent()).toBe('9.90');
    await signOut(page);
  });
});

describe('the definition editor', () => {
  it('a marketing manager creates a definition: the value fields follow the kind, API refusals land on the field', async () => {
    const name = `Loyalty gesture ${Date.now().toString(36)}`;
    await signIn(page, 'marketing@example.com', 'perkflow-demo');
    await page.getByRole('link', { name: 'Discounts' }).click();
    await page.getByRole('button', { name: 'New definition' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill(name);
    expect(await dialog.getByLabel('Amount', { exact: true }).count()).toBe(1);
    await pick(page, 'Value kind', 'Percentage');
    expect(await dialog.getByLabel('Amount', { exact: true }).count()).toBe(0);
    await dialog.getByLabel('Percentage').fill('150');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.getByText(/must be greater than 0 and at most 100/).waitFor();
    expect(await dialog.getByLabel('Percentage').getAttribute('aria-invalid')).toBe('true');
    await dialog.getByLabel('Percentage').fill('15');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.getByText(/Manual approval needs an approval unit/).waitFor();
    await pick(page, 'Approval unit', 'Customer Care managers');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByRole('row').filter({ hasText: name });
    await row.waitFor();
    expect(await row.textContent()).toContain('15%');
    expect(await row.textContent()).toContain('Manual: Customer Care managers');
  });
});
