import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from './client.ts';
import type { Decimal } from './types.ts';

/**
 * One condition on a debtor attribute; a segment applies when all its rules
 * match. Lists are arrays (comma-separated text is accepted on input),
 * presence tests have no value.
 */
export interface SegmentRule {
  field: string;
  operator: string;
  value: string | number | string[] | null;
}

export interface Segment {
  id: string;
  name: string;
  /** Segments are tried from the lowest priority number up, then by name; the default comes last. */
  priority: number;
  isDefault: boolean;
  rules: SegmentRule[];
  profile: { id: string; name: string };
}

/** A segment as GET /api/segments lists it: with its debtors and their amounts today. */
export interface SegmentWithTotals extends Segment {
  debtorCount: number;
  totals: Array<{ currency: string; open: Decimal; overdue: Decimal }>;
}

export interface NewSegment {
  name: string;
  priority: number;
  rules: SegmentRule[];
  profileId: string;
}

export interface ProfileStep {
  name: string;
  /** Days from the due date; negative before it. */
  dayOffset: number;
  channel: string;
  templateKey: string;
  /** Limits on the debtors the step applies to, such as consumers only. */
  conditions?: { debtorKind?: 'b2b' | 'b2c'; languages?: string[] };
}

export interface ProfilePreset {
  key: string;
  name: string;
  description: string;
  steps: ProfileStep[];
}

export interface Profile {
  id: string;
  name: string;
  steps: ProfileStep[];
}

const segmentsKey = ['segments'] as const;
const profilesKey = ['profiles'] as const;

export function useSegments() {
  return useQuery({
    queryKey: segmentsKey,
    queryFn: () => apiRequest<SegmentWithTotals[]>('GET', '/api/segments'),
  });
}

export function useCreateSegment() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (segment: NewSegment) => apiRequest<Segment>('POST', '/api/segments', segment),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: segmentsKey }),
  });
}

export function useUpdateSegment() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (params: { id: string; change: Partial<NewSegment> }) =>
      apiRequest<Segment>('PATCH', `/api/segments/${encodeURIComponent(params.id)}`, params.change),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: segmentsKey }),
  });
}

export function useDeleteSegment() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (id: string) =>
      apiRequest<void>('DELETE', `/api/segments/${encodeURIComponent(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: segmentsKey }),
  });
}

export function useProfilePresets() {
  return useQuery({
    queryKey: ['profile-presets'],
    queryFn: () => apiRequest<ProfilePreset[]>('GET', '/api/profile-presets'),
    staleTime: Infinity,
  });
}

export function useProfiles() {
  return useQuery({
    queryKey: profilesKey,
    queryFn: () => apiRequest<Profile[]>('GET', '/api/profiles'),
  });
}

/** Creates a succession profile from a preset. */
export function useCreateProfile() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (params: { preset: string; name?: string }) =>
      apiRequest<Profile>('POST', '/api/profiles', params),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: profilesKey }),
  });
}

export interface DebtorSegment {
  debtorId: string;
  segment: { id: string; name: string } | null;
  pinned: boolean;
  pinnedBy: string | null;
  pinnedAt: string | null;
  /** Newest first. */
  history: Array<{
    changedAt: string;
    from: { id: string; name: string } | null;
    to: { id: string; name: string } | null;
    reason: string;
    source: 'import' | 'nightly' | 'manual';
    changedBy: string;
  }>;
}

const debtorSegmentKey = (debtorId: string) => ['debtor-segment', debtorId] as const;

export function useDebtorSegment(debtorId: string) {
  return useQuery({
    queryKey: debtorSegmentKey(debtorId),
    queryFn: () =>
      apiRequest<DebtorSegment>('GET', `/api/debtors/${encodeURIComponent(debtorId)}/segment`),
  });
}

/** Puts a debtor in a segment by hand; pinned keeps the rules from moving it. */
export function useSetDebtorSegment(debtorId: string) {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (body: { segmentId: string; pinned: boolean }) =>
      apiRequest<DebtorSegment>(
        'PUT',
        `/api/debtors/${encodeURIComponent(debtorId)}/segment`,
        body,
      ),
    onSuccess: (result) => {
      queryClient.setQueryData(debtorSegmentKey(debtorId), result);
      return queryClient.invalidateQueries({ queryKey: segmentsKey });
    },
  });
}
