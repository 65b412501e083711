import { describe, expect, it } from 'vitest';
import type { AgeingReport } from './ageing.ts';
import { formatAgeingJson, formatAgeingText } from './format-ageing.ts';

function buildReport(overrides: Partial<AgeingReport> = {}): AgeingReport {
  return {
    date: '2013-09-30',
    currency: 'USD',
    buckets: [
      { name: 'current', count: 81, amountMinor: 456374, onHold: { count: 0, amountMinor: 0 } },
      { name: '1-30', count: 7, amountMinor: 46548, onHold: { count: 2, amountMinor: 12000 } },
      { name: '31-60', count: 0, amountMinor: 0, onHold: { count: 0, amountMinor: 0 } },
      { name: '61-90', count: 0, amountMinor: 0, onHold: { count: 0, amountMinor: 0 } },
      { name: '91+', count: 0, amountMinor: 0, onHold: { count: 0, amountMinor: 0 } },
    ],
    credits: { count: 1, amountMinor: -5 },
    total: { count: 89, amountMinor: 502917 },
    onHold: { count: 2, amountMinor: 12000 },
    heldInvoices: [],
    ...overrides,
  };
}

describe('formatAgeingJson', () => {
  it('produces the documented JSON text', () => {
    const text = JSON.stringify(formatAgeingJson([buildReport()]));

    expect(text).toBe(
      '[{"date":"2013-09-30","currency":"USD","buckets":[' +
        '{"name":"current","count":81,"amount":"4563.74","onHold":{"count":0,"amount":"0.00"}},' +
        '{"name":"1-30","count":7,"amount":"465.48","onHold":{"count":2,"amount":"120.00"}},' +
        '{"name":"31-60","count":0,"amount":"0.00","onHold":{"count":0,"amount":"0.00"}},' +
        '{"name":"61-90","count":0,"amount":"0.00","onHold":{"count":0,"amount":"0.00"}},' +
        '{"name":"91+","count":0,"amount":"0.00","onHold":{"count":0,"amount":"0.00"}}],' +
        '"credits":{"count":1,"amount":"-0.05"},' +
        '"total":{"count":89,"amount":"5029.17"},' +
        '"onHold":{"count":2,"amount":"120.00"},' +
        '"heldInvoices":[]}]',
    );
  });

  it('uses the currency decimals', () => {
    const [json] = formatAgeingJson([
      buildReport({ currency: 'JPY', total: { count: 1, amountMinor: 1500 } }),
    ]);

    expect(json?.total.amount).toBe('1500');
    expect(json?.buckets[0]?.amount).toBe('456374');
  });

  it('keeps an empty list empty', () => {
    expect(formatAgeingJson([])).toEqual([]);
  });
});

describe('formatAgeingText', () => {
  it('prints one table per currency', () => {
    const text = formatAgeingText([buildReport({ currency: 'EUR' }), buildReport()], {
      entityCode: 'AR',
      date: '2013-09-30',
    });
    const lines = text.split('\n');

    expect(lines[0]).toContain('Ageing of entity AR on 2013-09-30');
    expect(lines).toContain('EUR');
    expect(lines).toContain('USD');
    expect(lines).toContain('  current       81          4563.74');
    expect(lines).toContain('  credits        1            -0.05');
    expect(lines.filter((line) => line.startsWith('  total'))).toHaveLength(2);
    expect(lines).toContain('  on hold        2           120.00');
  });

  it('leaves out the on hold row when nothing is held', () => {
    const text = formatAgeingText([buildReport({ onHold: { count: 0, amountMinor: 0 } })], {
      entityCode: 'AR',
      date: '2013-09-30',
    });

    expect(text).not.toContain('on hold');
  });
});
