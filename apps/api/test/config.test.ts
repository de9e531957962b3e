import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('defaults to port 4000, the embedded database in ./.data and demo data', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 4000, seedDemo: true, adminEmail: 'admin@example.com', databaseUrl: undefined });
    expect(config.dataDir.endsWith('/.data')).toBe(true);
  });

  it('refuses to start in production on the default, the demo or a short admin password', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/PERKFLOW_ADMIN_PASSWORD/);
    expect(() => loadConfig({ NODE_ENV: 'production', PERKFLOW_ADMIN_PASSWORD: 'perkflow-demo' })).toThrow(/public PERKFLOW_ADMIN_PASSWORD/);
    expect(() => loadConfig({ NODE_ENV: 'production', PERKFLOW_ADMIN_PASSWORD: 'short-one' })).toThrow(/shorter than 12/);
    expect(loadConfig({ NODE_ENV: 'production', PERKFLOW_ADMIN_PASSWORD: 'a-strong-one' }).isProduction).toBe(true);
  });

  it('seeds demo data in production only when asked for explicitly', () => {
    const strong = { NODE_ENV: 'production', PERKFLOW_ADMIN_PASSWORD: 'a-strong-one' };
    expect(loadConfig(strong).seedDemo).toBe(false);
    expect(loadConfig({ ...strong, PERKFLOW_SEED_DEMO: 'true' }).seedDemo).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development' }).seedDemo).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development', PERKFLOW_SEED_DEMO: 'false' }).seedDemo).toBe(false);
    expect(loadConfig({}).resetAdminPassword).toBe(false);
    expect(loadConfig({ PERKFLOW_RESET_ADMIN_PASSWORD: 'true' }).resetAdminPassword).toBe(true);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ PERKFLOW_SEED_DEMO: 'maybe' })).toThrow(/PERKFLOW_SEED_DEMO/);
    expect(loadConfig({ PERKFLOW_SEED_DEMO: 'false' }).seedDemo).toBe(false);
  });
});
