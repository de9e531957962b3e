// The shared background-job infrastructure (pg-boss on the test's own PostgreSQL): a declared job is
// sent by one process and run by a worker, a failing job is retried, and a process without workers
// only enqueues.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { startJobs, type JobDefinition, type JobQueue } from '../src/jobs/job-queue.js';
import { loadConfig } from '../src/config.js';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
const started: JobQueue[] = [];

beforeAll(async () => {
  t = await startTestApp();
  await t.sql('create table job_probe (id serial primary key, label text not null)');
});
afterAll(async () => {
  for (const queue of started) await queue.stop();
  await t?.stop();
});

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out waiting for the job');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function start(definitions: JobDefinition<never>[], working: boolean) {
  const queue = await startJobs({
    connectionString: t.databaseUrl,
    orm: t.app.orm,
    config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
    logger: pino({ level: 'silent' }),
    definitions,
    working,
  });
  started.push(queue);
  return queue;
}

describe('background jobs', () => {
  it('runs a job sent by a process without workers on a process with workers, once', async () => {
    const probe: JobDefinition<{ label: string }> = {
      queue: 'test.probe',
      async handle(data, { orm }) {
        await orm.em.fork().getConnection().execute('insert into job_probe (label) values (?)', [data.label]);
      },
    };
    const sender = await start([probe as JobDefinition<never>], false);
    expect(sender.working).toBe(false);
    await sender.send('test.probe', { label: 'hello' });
    // nothing runs it yet: the sending process has no workers
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await t.sql('select label from job_probe')).toEqual([]);
    await start([probe as JobDefinition<never>], true);
    const rows = await waitFor(async () => {
      const r = await t.sql<{ label: string }>('select label from job_probe');
      return r.length ? r : undefined;
    });
    expect(rows).toEqual([{ label: 'hello' }]);
  });

  it('retries a job whose handler fails', async () => {
    let attempts = 0;
    const flaky: JobDefinition<{ label: string }> = {
      queue: 'test.flaky',
      retryLimit: 2,
      async handle(data, { orm }) {
        attempts += 1;
        if (attempts === 1) throw new Error('first attempt fails');
        await orm.em.fork().getConnection().execute('insert into job_probe (label) values (?)', [data.label]);
      },
    };
    const queue = await start([flaky as JobDefinition<never>], true);
    await queue.send('test.flaky', { label: 'retried' });
    await waitFor(async () => ((await t.sql(`select 1 from job_probe where label = 'retried'`)).length ? true : undefined), 30_000);
    expect(attempts).toBe(2);
  });
});
