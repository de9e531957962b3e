import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('defaults to port 4000, the embedded database in ./.data and demo data', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 4000, seedDemo: true, adminEmail: 'admin@example.com', databaseUrl: undefined });
    expect(config.dataDir.endsWith('/.data')).toBe(true);
  });

  it('refuses to start in production on the default admin password', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/PERKFLOW_ADMIN_PASSWORD/);
    expect(loadConfig({ NODE_ENV: 'production', PERKFLOW_ADMIN_PASSWORD: 'a-strong-one' }).isProduction).toBe(true);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ PERKFLOW_SEED_DEMO: 'maybe' })).toThrow(/PERKFLOW_SEED_DEMO/);
    expect(loadConfig({ PERKFLOW_SEED_DEMO: 'false' }).seedDemo).toBe(false);
  });
});
