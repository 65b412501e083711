import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../api/client.ts';

/** The channels a step can use, in the order the editor offers them. */
export const STEP_CHANNELS = ['email', 'letter', 'sms', 'call', 'fax', 'handover'] as const;

export type StepChannel = (typeof STEP_CHANNELS)[number];

/** A step as GET /api/profiles returns it and PUT /api/profiles/:id takes it. */
export interface EditableStep {
  name: string;
  /** Days from the due date; negative before it. */
  dayOffset: number;
  channel: StepChannel;
  templateKey: string;
  /** Decimal text, such as "25.00". */
  minimumAmount: string;
  minDaysSincePrevious: number;
  conditions: { debtorKind?: 'b2b' | 'b2c'; languages?: string[] };
  scope: 'debtor' | 'invoice';
  addsCollectionCosts: boolean;
  addsInterest: boolean;
  attachInvoiceCopies: boolean;
  attachLetter: boolean;
  /** Decimal text, such as "15.00": a fixed fee per invoice. */
  feeFixed: string;
  /** Percentage text, such as "2.50": a fee as a share of the open principal. */
  feePercent: string;
  interestBasis: 'statutory' | 'contractual';
  /** Yearly percentage text with the contractual basis, or null with the statutory one. */
  contractualInterestPercent: string | null;
  isFourteenDayLetter: boolean;
}

/** The minor-unit and basis-point forms of a saved step's amounts, which the PUT body leaves out. */
export interface StoredStepNumbers {
  minimumAmountMinor: number;
  feeFixedMinor: number;
  feeBasisPoints: number;
  contractualInterestBasisPoints: number | null;
}

export interface EditableProfile {
  id: string;
  name: string;
  stricterProfileId: string | null;
  brokenPromisesThreshold: number | null;
  steps: Array<EditableStep & StoredStepNumbers & { id: string }>;
  segments: Array<{ id: string; name: string }>;
}

export interface ProfileUpdateBody {
  name: string;
  stricterProfileId: string | null;
  brokenPromisesThreshold: number | null;
  steps: Array<EditableStep & { id?: string }>;
}

/** The same key as the segment screens use, so a save refreshes them too. */
const profilesKey = ['profiles'] as const;

export function useEditableProfiles() {
  return useQuery({
    queryKey: profilesKey,
    queryFn: () => apiRequest<EditableProfile[]>('GET', '/api/profiles'),
  });
}

/** Template keys per channel, from GET /api/profile-templates. */
export function useStepTemplates() {
  return useQuery({
    queryKey: ['profile-templates'],
    queryFn: async () => {
      const entries = await apiRequest<Array<{ channel: StepChannel; templateKeys: string[] }>>(
        'GET',
        '/api/profile-templates',
      );
      return new Map(entries.map((entry) => [entry.channel, entry.templateKeys]));
    },
    staleTime: Infinity,
  });
}

export function useSaveProfile() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (params: { id: string; body: ProfileUpdateBody }) =>
      apiRequest<EditableProfile>(
        'PUT',
        `/api/profiles/${encodeURIComponent(params.id)}`,
        params.body,
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: profilesKey }),
  });
}

/** Creates an empty profile, or a copy of `copyOf`. */
export function useAddProfile() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (params: { name: string; copyOf?: string }) =>
      apiRequest<EditableProfile>('POST', '/api/profiles', params),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: profilesKey }),
  });
}

export function useDeleteProfile() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (id: string) =>
      apiRequest<void>('DELETE', `/api/profiles/${encodeURIComponent(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: profilesKey }),
  });
}
