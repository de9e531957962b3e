import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { baseUrl, closeDropdown, pick, signIn, submitDialog, withBrowserPage } from './browser';

let page: Page;
withBrowserPage(async (p) => {
  page = p;
  await signIn(page, 'admin@example.com', inject('adminPassword'));
});

const suffix = Date.now().toString(36);

/** Asks the API who a credential belongs to, as a portal client would. */
async function whoIs(credential: string): Promise<{ email?: string; code?: string }> {
  const response = await fetch(`${baseUrl()}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
    body: JSON.stringify({ query: '{ me { email } }' }),
  });
  const body = (await response.json()) as { data?: { me: { email: string } }; errors?: { extensions?: { code?: string } }[] };
  return { email: body.data?.me.email, code: body.errors?.[0]?.extensions?.code };
}

describe('organisation pages', () => {
  it('creates an API key for a portal user, shows the secret once, and revokes it after confirming', async () => {
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('button', { name: 'New API key' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill(`Shop ${suffix}`);
    await pick(page, 'Portal user', 'portal@example.com');
    await submitDialog(page, 'Create');
    const secret = ((await page.getByText(/^pk_/).textContent()) ?? '').trim();
    expect(await whoIs(secret)).toEqual({ email: 'portal@example.com', code: undefined });

    const row = page.getByRole('row').filter({ hasText: `Shop ${suffix}` });
    await row.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await row.getByText('revoked').waitFor();
    expect((await whoIs(secret)).code).toBe('UNAUTHENTICATED');
  });

  it('creates a privacy level and an assignment rule, and deletes the rule after confirming', async () => {
    await page.getByRole('link', { name: 'Privacy levels' }).click();
    await page.getByRole('button', { name: 'New level' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill(`Secret ${suffix}`);
    await page.getByRole('dialog').getByLabel('Rank').fill('77');
    await submitDialog(page, 'Create');
    await page.getByRole('cell', { name: `Secret ${suffix}` }).waitFor();

    await page.getByRole('button', { name: 'New rule' }).click();
    await pick(page, 'Entity', 'CAMPAIGN');
    await pick(page, 'Privacy level', `Secret ${suffix}`);
    await submitDialog(page, 'Add');
    const rule = page.getByRole('table', { name: 'assignment rules' }).getByRole('row').filter({ hasText: `Secret ${suffix}` });
    await rule.waitFor();
    await rule.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await rule.waitFor({ state: 'detached' });
  });

  it('renames a group and lets another group collaborate on what it owns', async () => {
    await page.getByRole('link', { name: 'Groups' }).click();
    await page.getByRole('button', { name: 'New group' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill(`Partners ${suffix}`);
    await submitDialog(page, 'Create');
    await page.getByRole('row').filter({ hasText: `Partners ${suffix}` }).getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill(`Partners Renamed ${suffix}`);
    await dialog.getByRole('button', { name: 'Rename' }).click();
    await page.getByRole('cell', { name: `Partners Renamed ${suffix}` }).waitFor();
    await pick(page, 'Collaborating groups', 'Marketing');
    await closeDropdown(page);
    await submitDialog(page, 'Save');
    await page.getByRole('row').filter({ hasText: `Partners Renamed ${suffix}` }).getByRole('cell', { name: 'Marketing' }).waitFor();
  });
});
