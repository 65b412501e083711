import { describe, expect, it } from 'vitest';
import type { SendingCalendar } from '../calendar/sending-days.ts';
import { computeFourteenDayTerm } from './fourteen-day-term.ts';

const WEEKDAYS: SendingCalendar = {
  workingDays: [1, 2, 3, 4, 5],
  holidayCalendar: 'NL',
  closingDays: new Set(),
};

describe('computeFourteenDayTerm', () => {
  it('letter posted Monday 3 March 2025', () => {
    const term = computeFourteenDayTerm({
      sentOn: '2025-03-03',
      channel: 'letter',
      deliveryWorkingDays: 1,
      calendar: WEEKDAYS,
    });

    expect(term.deliveredOn).toBe('2025-03-04');
    expect(term.termStart).toBe('2025-03-05');
    expect(term.termEnd).toBe('2025-03-18');
    expect(term.costsFrom).toBe('2025-03-19');
  });

  it('letter delivery skips weekend and holiday', () => {
    // Friday 18 April 2025 is Good Friday, no public holiday in the NL calendar; Monday 21 April is Easter Monday.
    const term = computeFourteenDayTerm({
      sentOn: '2025-04-17',
      channel: 'letter',
      deliveryWorkingDays: 2,
      calendar: WEEKDAYS,
    });

    expect(term.deliveredOn).toBe('2025-04-22');
    expect(term.costsFrom).toBe('2025-05-07');
  });

  it('e-mail delivered the day it was sent', () => {
    const term = computeFourteenDayTerm({
      sentOn: '2025-03-03',
      channel: 'email',
      deliveryWorkingDays: 2,
      calendar: WEEKDAYS,
    });

    expect(term.deliveredOn).toBe('2025-03-03');
    expect(term.termStart).toBe('2025-03-04');
    expect(term.termEnd).toBe('2025-03-17');
    expect(term.costsFrom).toBe('2025-03-18');
  });
});
