// tools/fuzz-api.mjs against a real API (issue 11 §7): malformed requests never answer 5xx and never
// bring the server down.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';

interface FuzzResult {
  total: number;
  byOutcome: Record<string, number>;
  serverErrors: { label: string; status: number; body: string; request: string }[];
  networkErrors: { label: string; error: string }[];
  healthy: boolean;
  operations: number;
  introspection: boolean;
}
type RunFuzz = (options: { url: string; token?: string; count: number; seed: number; concurrency?: number }) => Promise<FuzzResult>;

const COUNT = 1500;
let t: TestApp;
let runFuzz: RunFuzz;
beforeAll(async () => {
  t = await startTestApp();
  const tool = new URL('../../../tools/fuzz-api.mjs', import.meta.url).href;
  ({ runFuzz } = (await import(tool)) as { runFuzz: RunFuzz });
});
afterAll(async () => t?.stop());

describe('fuzz', () => {
  it(`answers ${COUNT} malformed requests without a single 5xx`, async () => {
    const result = await runFuzz({ url: t.url, token: t.adminToken, count: COUNT, seed: 20261207, concurrency: 4 });
    expect(result.introspection).toBe(true);
    expect(result.operations).toBeGreaterThan(100);
    expect(result.total).toBe(COUNT);
    expect(result.serverErrors).toEqual([]);
    expect(result.networkErrors).toEqual([]);
    expect(result.healthy).toBe(true);
    // The run reached the resolvers, not only the parser: some answers are refusals of bad input.
    const refusals = Object.entries(result.byOutcome).filter(([key]) => key.includes('BAD_USER_INPUT')).reduce((n, [, c]) => n + c, 0);
    expect(refusals).toBeGreaterThan(COUNT / 10);
  }, 300_000);
});
