// GraphQL over HTTP conformance (graphql-http's serverAudits) against the real API, in development
// and in production (issue 11 "How it is checked").
import { serverAudits, type AuditResult } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';

/** Runs every audit; returns the failed ones as "id name: reason". */
async function audit(url: string): Promise<{ errors: string[]; warnings: string[]; total: number }> {
  const audits = serverAudits({ url: `${url}/graphql` });
  const results: AuditResult[] = [];
  for (const { fn } of audits) results.push(await fn());
  const line = (r: AuditResult) => `${r.id} ${r.name}: ${r.status === 'ok' ? '' : r.reason}`;
  return { errors: results.filter((r) => r.status === 'error').map(line), warnings: results.filter((r) => r.status === 'warn').map(line), total: results.length };
}

/**
 * The audits whose request queries `__type(name: …)` and expects 200 with data: introspection stays off
 * in production (SPEC §10), so these get a validation error (400) there. BF61 "MUST accept utf-8
 * encoded request" (`{ __type(name: "Run🏃Swim🏊") { name } }`) and 28B9 "MUST allow map {variables}
 * parameter when accepting application/json" (`query Type($name: String!) { __type(name: $name) { name } }`).
 */
const NEED_INTROSPECTION = ['BF61', '28B9'];

describe('graphql-http server audits', () => {
  let dev: TestApp;
  let prod: TestApp;
  beforeAll(async () => {
    dev = await startTestApp();
    prod = await startTestApp({ production: true });
  });
  afterAll(async () => {
    await dev?.stop();
    await prod?.stop();
  });

  it('passes every audit in development', async () => {
    const { errors, warnings, total } = await audit(dev.url);
    console.log(`development: ${total} audits, ${errors.length} errors, ${warnings.length} warnings\n  ${warnings.join('\n  ')}`);
    expect(errors).toEqual([]);
  });

  it('fails in production only audits that need introspection', async () => {
    const { errors, warnings, total } = await audit(prod.url);
    console.log(`production: ${total} audits, ${errors.length} errors, ${warnings.length} warnings\n  ${errors.join('\n  ')}`);
    expect(errors.filter((e) => !NEED_INTROSPECTION.includes(e.slice(0, 4)))).toEqual([]);
  });
});
