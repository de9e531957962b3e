import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.stop());

describe('the running API', () => {
  it('answers /healthz once migrated', async () => {
    const response = await fetch(`${t.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('signs in the first super user created from the configuration', async () => {
    const data = await t.ok<{ me: { email: string; isSuperUser: boolean; roles: string[] } }>('{ me { email isSuperUser roles } }', {}, t.adminToken);
    expect(data.me).toEqual({ email: 'admin@example.com', isSuperUser: true, roles: ['SUPER_USER'] });
  });
});
