import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from './client.ts';

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
    queryFn: () => apiRequest<Segment[]>('GET', '/api/segments'),
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
