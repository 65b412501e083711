import type { PlainDate } from '../dates/plain-date.ts';

/** Consumer (art. 6:119 BW) or commercial (art. 6:119a BW) statutory interest. */
export type InterestKind = 'consumer' | 'commercial';

/** A rate that applies from `from` until the next entry's `from`. */
export interface InterestRateEntry {
  from: PlainDate;
  /** Yearly rate in hundredths of a percent: 1250 is 12.50%. */
  basisPoints: number;
}

/**
 * A rate table: entries in date order, and the last day the table is known
 * to cover. Rates are set twice a year, on 1 January and 1 July, so a table
 * whose newest entry is from 1 July covers that half-year and no more.
 */
export interface InterestRateTable {
  kind: InterestKind;
  entries: InterestRateEntry[];
  coveredThrough: PlainDate;
}

/**
 * Dutch statutory interest for consumer and other non-commercial debts
 * (wettelijke rente, art. 6:119 BW), as published. The rate for 1 July 2025
 * is not in the table: sources disagree whether it fell to 5% or stayed at
 * 6%, so the table stops at 30 June 2025 until an administrator adds it.
 */
export const CONSUMER_INTEREST_RATES: InterestRateTable = {
  kind: 'consumer',
  entries: [
    { from: '2001-01-01', basisPoints: 800 },
    { from: '2002-01-01', basisPoints: 700 },
    { from: '2003-08-01', basisPoints: 500 },
    { from: '2004-02-01', basisPoints: 400 },
    { from: '2007-01-01', basisPoints: 600 },
    { from: '2009-07-01', basisPoints: 400 },
    { from: '2010-01-01', basisPoints: 300 },
    { from: '2011-07-01', basisPoints: 400 },
    { from: '2012-07-01', basisPoints: 300 },
    { from: '2015-01-01', basisPoints: 200 },
    { from: '2023-01-01', basisPoints: 400 },
    { from: '2023-07-01', basisPoints: 600 },
    { from: '2024-01-01', basisPoints: 700 },
    { from: '2025-01-01', basisPoints: 600 },
  ],
  coveredThrough: '2025-06-30',
};

/**
 * Dutch statutory interest for commercial transactions, government included
 * (wettelijke handelsrente, art. 6:119a BW): the ECB main refinancing rate
 * of the half-year plus 8 points (7 points until 15 March 2013). For
 * 1 January 2004 one source lists 9.01% instead of 9.02%; the table follows
 * the other, which also lists the change of 1 July 2004.
 */
export const COMMERCIAL_INTEREST_RATES: InterestRateTable = {
  kind: 'commercial',
  entries: [
    { from: '2002-08-08', basisPoints: 700 },
    { from: '2002-12-01', basisPoints: 1035 },
    { from: '2003-01-01', basisPoints: 985 },
    { from: '2003-07-01', basisPoints: 910 },
    { from: '2004-01-01', basisPoints: 902 },
    { from: '2004-07-01', basisPoints: 901 },
    { from: '2005-01-01', basisPoints: 909 },
    { from: '2005-07-01', basisPoints: 905 },
    { from: '2006-01-01', basisPoints: 925 },
    { from: '2006-07-01', basisPoints: 983 },
    { from: '2007-01-01', basisPoints: 1058 },
    { from: '2007-07-01', basisPoints: 1107 },
    { from: '2008-01-01', basisPoints: 1120 },
    { from: '2008-07-01', basisPoints: 1107 },
    { from: '2009-01-01', basisPoints: 950 },
    { from: '2009-07-01', basisPoints: 800 },
    { from: '2011-07-01', basisPoints: 825 },
    { from: '2012-01-01', basisPoints: 800 },
    { from: '2013-01-01', basisPoints: 775 },
    { from: '2013-03-16', basisPoints: 875 },
    { from: '2013-07-01', basisPoints: 850 },
    { from: '2014-01-01', basisPoints: 825 },
    { from: '2014-07-01', basisPoints: 815 },
    { from: '2015-01-01', basisPoints: 805 },
    { from: '2016-07-01', basisPoints: 800 },
    { from: '2023-01-01', basisPoints: 1050 },
    { from: '2023-07-01', basisPoints: 1200 },
    { from: '2024-01-01', basisPoints: 1250 },
    { from: '2024-07-01', basisPoints: 1225 },
    { from: '2025-01-01', basisPoints: 1115 },
    { from: '2025-07-01', basisPoints: 1015 },
  ],
  coveredThrough: '2025-12-31',
};

export function statutoryRateTable(kind: InterestKind): InterestRateTable {
  return kind === 'consumer' ? CONSUMER_INTEREST_RATES : COMMERCIAL_INTEREST_RATES;
}
