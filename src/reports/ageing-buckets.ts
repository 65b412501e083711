import { sql, type RawBuilder } from 'kysely';

/**
 * The ageing buckets by days past due (as-of date minus due date, in
 * calendar days). Each bucket includes its upper edge, so 30 days past due
 * is in 1-30 and 31 is in 31-60; `maxDays: null` is open-ended.
 */
export const AGEING_BUCKETS = [
  { name: 'current', maxDays: 0 },
  { name: '1-30', maxDays: 30 },
  { name: '31-60', maxDays: 60 },
  { name: '61-90', maxDays: 90 },
  { name: '91+', maxDays: null },
] as const;

export type AgeingBucketName = (typeof AGEING_BUCKETS)[number]['name'];

/** Destination of an open item: a bucket, or `credits` for credit notes and negative open amounts. */
export type AgeingSlot = AgeingBucketName | 'credits';

export const AGEING_BUCKET_NAMES: readonly AgeingBucketName[] = AGEING_BUCKETS.map(
  (bucket) => bucket.name,
);

/** Buckets that count as overdue: every bucket except `current`. */
export const OVERDUE_BUCKET_NAMES: readonly AgeingBucketName[] = AGEING_BUCKET_NAMES.filter(
  (name) => name !== 'current',
);

/** Returns the bucket of an open invoice that is `daysPastDue` days past its due date. */
export function ageingBucketOf(daysPastDue: number): AgeingBucketName {
  const bucket = AGEING_BUCKETS.find(
    (candidate) => candidate.maxDays === null || daysPastDue <= candidate.maxDays,
  );

  return bucket?.name ?? '91+';
}

/**
 * Builds the SQL twin of `ageingBucketOf` plus the credits rule: a CASE over
 * `daysPastDue` (an integer expression) made from the same bucket table.
 * `isCredit` must be true for credit notes and negative open amounts.
 */
export function ageingSlotSql(
  daysPastDue: RawBuilder<number>,
  isCredit: RawBuilder<boolean>,
): RawBuilder<AgeingSlot> {
  const branches = AGEING_BUCKETS.map((bucket) =>
    bucket.maxDays === null
      ? sql`else ${sql.lit(bucket.name)}`
      : sql`when ${daysPastDue} <= ${sql.lit(bucket.maxDays)} then ${sql.lit(bucket.name)}`,
  );

  return sql<AgeingSlot>`case when ${isCredit} then 'credits' ${sql.join(branches, sql` `)} end`;
}
