import { describe, expect, it } from 'vitest';
import type { SendingCalendar } from '../calendar/sending-days.ts';
import { issueDeadline } from './issue-deadline.ts';

const dutchOffice: SendingCalendar = {
  workingDays: [1, 2, 3, 4, 5],
  holidayCalendar: 'NL',
  closingDays: new Set(['2026-12-28']),
};

describe('issue deadline', () => {
  it('counts calendar days after the day of registration', () => {
    expect(
      issueDeadline('2026-12-04', { daysToResolve: 14, dayKind: 'calendar' }, dutchOffice),
    ).toBe('2026-12-18');
  });

  it('skips weekends when counting working days', () => {
    // Friday 4 December plus 5 working days is Friday 11 December.
    expect(issueDeadline('2026-12-04', { daysToResolve: 5, dayKind: 'working' }, dutchOffice)).toBe(
      '2026-12-11',
    );
  });

  it('skips public holidays and closing days', () => {
    // From Wednesday 23 December: the 24th counts; Christmas (25th, 26th),
    // the weekend and the closing day on the 28th do not; 29, 30 and 31
    // December count; New Year's Day and the weekend do not, so the fifth
    // working day is Monday 4 January.
    expect(issueDeadline('2026-12-23', { daysToResolve: 5, dayKind: 'working' }, dutchOffice)).toBe(
      '2027-01-04',
    );
  });

  it('uses calendar days without working days', () => {
    const closed: SendingCalendar = {
      workingDays: [],
      holidayCalendar: null,
      closingDays: new Set(),
    };
    expect(issueDeadline('2026-12-04', { daysToResolve: 3, dayKind: 'working' }, closed)).toBe(
      '2026-12-07',
    );
  });
});
