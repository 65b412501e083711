import { describe, expect, it } from 'vitest';
import { explainNonSendingDay } from './explain-non-sending-day.ts';

const dutch = {
  workingDays: [1, 2, 3, 4, 5],
  holidayCalendar: 'NL' as const,
  closingDays: new Set(['2024-12-27']),
};

describe('explainNonSendingDay', () => {
  it('returns null on a sending day', () => {
    expect(explainNonSendingDay(dutch, '2024-12-23')).toBeNull();
  });

  it('names the weekday that is not worked', () => {
    expect(explainNonSendingDay(dutch, '2024-12-21')).toEqual({
      reason: 'Saturday is not a working day',
      nextSendingDay: '2024-12-23',
    });
  });

  it('names the public holiday', () => {
    expect(explainNonSendingDay(dutch, '2024-12-25')).toEqual({
      reason: 'public holiday: Christmas Day',
      nextSendingDay: '2024-12-30',
    });
  });

  it('names a closing day', () => {
    expect(explainNonSendingDay(dutch, '2024-12-27')?.reason).toBe('closing day of the entity');
  });
});
