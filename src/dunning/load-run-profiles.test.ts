import { describe, expect, it } from 'vitest';
import { chooseProfile, explainSegment, type ProfileCatalogue } from './load-run-profiles.ts';

/** Profiles A and B name each other as stricter profile, from 2 and 1 broken promises. */
const catalogue: ProfileCatalogue = {
  profiles: new Map([
    ['a', { id: 'a', name: 'A', steps: [], stricter: { profileId: 'b', threshold: 2 } }],
    ['b', { id: 'b', name: 'B', steps: [], stricter: { profileId: 'a', threshold: 1 } }],
  ]),
  segments: new Map([
    ['s-default', { id: 's-default', name: 'Default', isDefault: true, profileId: 'a' }],
    ['s-late', { id: 's-late', name: 'Late payers', isDefault: false, profileId: 'b' }],
  ]),
  defaultSegment: { id: 's-default', name: 'Default', isDefault: true, profileId: 'a' },
};

describe('chooseProfile', () => {
  it('keeps the profile below the threshold', () => {
    const choice = chooseProfile(catalogue, null, 1);

    expect(choice.profile?.name).toBe('A');
    expect(choice.escalation).toBeUndefined();
  });

  it('escalates one level in a cycle', () => {
    const fromDefault = chooseProfile(catalogue, null, 5);
    const fromLate = chooseProfile(catalogue, 's-late', 5);

    expect(fromDefault.profile?.name).toBe('B');
    expect(fromDefault.escalation).toEqual({
      originalProfile: 'A',
      brokenPromises: 5,
      threshold: 2,
    });
    expect(fromLate.profile?.name).toBe('A');
  });
});

describe('explainSegment', () => {
  const unpinned = { segmentId: 's-late', segmentPinned: false, segmentPinnedBy: null };

  it('pinned by hand', () => {
    const segment = explainSegment(
      catalogue,
      { segmentId: 's-late', segmentPinned: true, segmentPinnedBy: 'anna' },
      undefined,
    );

    expect(segment).toEqual({ name: 'Late payers', basis: 'pinned', reason: 'pinned by anna' });
  });

  it('set by hand without pin', () => {
    const change = { toSegmentId: 's-late', reason: 'set by anna', source: 'manual' as const };

    expect(explainSegment(catalogue, unpinned, change)).toEqual({
      name: 'Late payers',
      basis: 'manual',
      reason: 'set by anna',
    });
  });

  it('ignores a change into another segment', () => {
    const change = {
      toSegmentId: 's-default',
      reason: 'no rule matched',
      source: 'nightly' as const,
    };

    expect(explainSegment(catalogue, unpinned, change)).toEqual({
      name: 'Late payers',
      basis: 'rule',
      reason: null,
    });
  });

  it('no segment means the default', () => {
    const segment = explainSegment(
      catalogue,
      { segmentId: null, segmentPinned: false, segmentPinnedBy: null },
      undefined,
    );

    expect(segment).toEqual({ name: 'Default', basis: 'default', reason: null });
  });
});
