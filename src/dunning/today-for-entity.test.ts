import { describe, expect, it } from 'vitest';
import { daysPastDue } from '../dates/plain-date.ts';
import { selectDueStep } from './select-due-steps.ts';
import { todayForEntity } from './today-for-entity.ts';

const plusSeven = {
  id: 'reminder-1',
  name: 'First reminder',
  dayOffset: 7,
  channel: 'email' as const,
  templateKey: 'reminder-1',
  minimumAmountMinor: 0,
  minDaysSincePrevious: 0,
  conditions: {},
};

describe('todayForEntity', () => {
  const cases = [
    { timeZone: 'America/New_York', now: '2025-04-07T13:00:00Z' },
    { timeZone: 'Europe/Berlin', now: '2025-04-06T22:30:00Z' },
  ];

  for (const { timeZone, now } of cases) {
    it(`${timeZone} at ${now} is 2025-04-07`, () => {
      const asOf = todayForEntity({ time_zone: timeZone }, new Date(now));
      const overdueDays = daysPastDue('2025-03-31', asOf);
      const invoice = { invoiceId: 'I-77', daysPastDue: overdueDays, reached: [] };

      expect(asOf).toBe('2025-04-07');
      expect(overdueDays).toBe(7);
      expect(selectDueStep(invoice, [plusSeven], asOf)?.id).toBe('reminder-1');
    });
  }

  it('UTC date differs for Berlin', () => {
    expect(todayForEntity({ time_zone: 'UTC' }, new Date('2025-04-06T22:30:00Z'))).toBe(
      '2025-04-06',
    );
  });
});
