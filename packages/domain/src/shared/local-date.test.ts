import { describe, expect, it } from 'vitest';
import { isLocalDate, isTimeZone } from './local-date.js';

describe('isTimeZone', () => {
  it.each(['UTC', 'Europe/Athens', 'America/Argentina/Buenos_Aires', 'Etc/GMT+5', 'Pacific/Kiritimati', 'europe/athens'])('takes the IANA name %s', (zone) => {
    expect(isTimeZone(zone)).toBe(true);
  });

  it.each(['UTC+99', 'UTC+3', 'local', 'system', '+05:00', 'Z', 'Mars/Olympus', '', 'Europe/Athens\u0000', `${'A'.repeat(70)}/B`])('refuses %j', (zone) => {
    expect(isTimeZone(zone)).toBe(false);
  });
});

describe('isLocalDate', () => {
  it.each([['2026-02-28', true], ['2026-02-30', false], ['2026-1-1', false]])('%s → %s', (value, expected) => {
    expect(isLocalDate(value)).toBe(expected);
  });
});
