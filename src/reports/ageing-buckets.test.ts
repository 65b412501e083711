import { describe, expect, it } from 'vitest';
import { AGEING_BUCKET_NAMES, OVERDUE_BUCKET_NAMES, ageingBucketOf } from './ageing-buckets.ts';

describe('ageingBucketOf', () => {
  it.each([
    [-400, 'current'],
    [-1, 'current'],
    [0, 'current'],
    [1, '1-30'],
    [30, '1-30'],
    [31, '31-60'],
    [60, '31-60'],
    [61, '61-90'],
    [90, '61-90'],
    [91, '91+'],
    [5000, '91+'],
  ])('puts %i days past due in %s', (days, bucket) => {
    expect(ageingBucketOf(days)).toBe(bucket);
  });
});

describe('bucket names', () => {
  it('lists the buckets in report order', () => {
    expect(AGEING_BUCKET_NAMES).toEqual(['current', '1-30', '31-60', '61-90', '91+']);
  });

  it('counts every bucket but current as overdue', () => {
    expect(OVERDUE_BUCKET_NAMES).toEqual(['1-30', '31-60', '61-90', '91+']);
  });
});
