import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { baseUrl, closeDropdown, navigationLabels, pick, signIn, signOut, submitDialog, withBrowserPage } from './browser';

let page: Page;
withBrowserPage((p) => {
  page = p;
});

const suffix = Date.now().toString(36);
const groupName = `Loyalty Desk ${suffix}`;
const unitName = `Desk One ${suffix}`;
const userEmail = `desk.agent.${suffix}@example.com`;
const userPassword = 'agent-password-1';

describe('an admin sets up a group, a unit and a user; the user sees only what the role allows', () => {
  it('the super user signs in and sees every section', async () => {
    await signIn(page, 'admin@example.com', inject('adminPassword'));
    const nav = await navigationLabels(page);
    expect(nav).toEqual(expect.arrayContaining(['Groups', 'Units', 'Users', 'Privacy levels', 'API keys', 'Audit log']));
  });

  it('creates a group, and a bad name shows the API error on the field', async () => {
    await page.getByRole('link', { name: 'Groups' }).click();
    await page.getByRole('button', { name: 'New group' }).click();
    // "Marketing" exists (demo data): the API refuses it and the form shows why, on the name field.
    await page.getByRole('dialog').getByLabel('Name').fill('marketing');
    await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
    await expect(page.getByRole('dialog').getByText(/exists already/).waitFor()).resolves.toBeUndefined();
    await page.getByRole('dialog').getByLabel('Name').fill(groupName);
    await submitDialog(page, 'Create');
    await page.getByRole('cell', { name: groupName }).waitFor();
  });

  it('creates a unit in the group', async () => {
    await page.getByRole('link', { name: 'Units' }).click();
    await page.getByRole('button', { name: 'New unit' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill(unitName);
    await pick(page, 'Group', groupName);
    await submitDialog(page, 'Create');
    await page.getByRole('cell', { name: unitName }).waitFor();
  });

  it('creates an agent in the group and unit (client-side validation first)', async () => {
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.getByText('Enter an e-mail address').waitFor();
    await dialog.getByLabel('E-mail').fill(userEmail);
    await dialog.getByLabel('Name', { exact: true }).fill('Desk Agent');
    await dialog.locator('input[type="password"]').fill(userPassword);
    await pick(page, 'Roles', 'AGENT');
    await closeDropdown(page);
    await pick(page, 'Group', groupName);
    await pick(page, 'Unit (optional)', unitName);
    await submitDialog(page, 'Create');
    await page.getByRole('cell', { name: userEmail }).waitFor();
    await page.screenshot({ path: `${process.env.TMPDIR ?? '/tmp'}/perkflow-users.png`, fullPage: true });
  });

  it('the new agent sees no organisation or audit pages, and typed URLs are refused', async () => {
    await signOut(page);
    await signIn(page, userEmail, userPassword);
    await expect(page.getByText(`${groupName} · ${unitName}`).waitFor()).resolves.toBeUndefined();
    const nav = await navigationLabels(page);
    for (const hidden of ['Groups', 'Units', 'Users', 'Privacy levels', 'API keys', 'Audit log']) expect(nav).not.toContain(hidden);
    expect(nav).toEqual(expect.arrayContaining(['Products', 'Customers']));
    await page.goto(`${baseUrl()}/audit`);
    await page.getByText('Your roles do not give access to this page.').waitFor();
    await page.goto(`${baseUrl()}/users`);
    await page.getByText('Your roles do not give access to this page.').waitFor();
  });

  it('an auditor sees the audit log and verifies the chain, with no create buttons', async () => {
    await signOut(page);
    await signIn(page, 'auditor@example.com', 'perkflow-demo');
    const nav = await navigationLabels(page);
    expect(nav).toContain('Audit log');
    expect(nav).not.toContain('Groups');
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('cell', { name: `User` }).first().waitFor();
    await page.getByRole('button', { name: 'Verify chain' }).click();
    await page.getByText('Chain intact').waitFor();
    await page.getByLabel('Entity type').fill('Group');
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('table[aria-label="audit entries"] tbody tr')];
      return rows.length > 0 && rows.every((r) => (r.children[4]?.textContent ?? '').startsWith('Group '));
    });
    await page.getByRole('button', { name: 'Details' }).first().click();
    await page.getByText(/^after:/).first().waitFor();
    expect(await page.getByRole('button', { name: /^New / }).count()).toBe(0);
  });

  it('a token the API no longer accepts signs out to the login page', async () => {
    await page.evaluate(() => localStorage.setItem('perkflow.token', 'not-a-valid-token'));
    await page.goto(baseUrl());
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('perkflow.token'))).toBeNull();
  });

  it('a wrong password is refused with a message', async () => {
    await page.getByLabel('E-mail').fill('admin@example.com');
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('form').getByRole('alert').waitFor();
    expect(await page.getByTestId('signed-in-as').count()).toBe(0);
  });

  it('the admin gives the agent a clearance, then deactivates them (after confirming), and they cannot sign in', async () => {
    await signIn(page, 'admin@example.com', inject('adminPassword'));
    await page.getByRole('link', { name: 'Users' }).click();
    const row = page.getByRole('row').filter({ hasText: userEmail });
    await row.getByRole('button', { name: 'Edit' }).click();
    await pick(page, 'Privacy clearance (optional)', 'Confidential (20)');
    await submitDialog(page, 'Save');
    await row.getByRole('cell', { name: 'Confidential' }).waitFor();
    await row.getByRole('button', { name: 'Deactivate' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await row.getByRole('button', { name: 'Reactivate' }).waitFor();
    await signOut(page);
    await page.getByLabel('E-mail').fill(userEmail);
    await page.getByLabel('Password', { exact: true }).fill(userPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('form').getByRole('alert').waitFor();
    expect(await page.getByTestId('signed-in-as').count()).toBe(0);
  });

  it('"Sign out everywhere" ends the session: back to the login page, and the old token is refused with 401', async () => {
    await signIn(page, 'auditor@example.com', 'perkflow-demo');
    const token = await page.evaluate(() => localStorage.getItem('perkflow.token'));
    expect(token).toBeTruthy();
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    const status = await page.evaluate(async (old) => {
      const response = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${old}` }, body: JSON.stringify({ query: '{ me { id } }' }) });
      return response.status;
    }, token);
    expect(status).toBe(401);
  });
});
