/**
 * A reward run in a process of its own, for the kill-and-rerun test: `node --import
 * @swc-node/register/esm-register test/support/reward-run-child.ts <databaseUrl> <batchSize> <pauseMs>`.
 * Prints one JSON line per committed batch and pauses after it, so the test can kill it mid-run.
 */
import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../../src/database/orm-config.js';
import { runRewardsNow } from '../../src/modules/rewards/reward-run.js';

const [databaseUrl, batchSize, pauseMs] = process.argv.slice(2);
const orm = await MikroORM.init(ormConfig(databaseUrl!));
const summary = await runRewardsNow(orm.em, 'TOOL', {
  batchSize: Number(batchSize),
  async onBatch(progress) {
    process.stdout.write(`${JSON.stringify(progress)}\n`);
    await new Promise((resolve) => setTimeout(resolve, Number(pauseMs)));
  },
});
process.stdout.write(`${JSON.stringify({ done: summary })}\n`);
await orm.close();
