import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NonSendingDay } from '../forecast/use-forecast.ts';
import { apiRequest, withQuery } from './client.ts';

/** The wizard's steps, in the order the server keeps them. */
export const provisioningSteps = [
  'organisation',
  'entities',
  'users',
  'processes',
  'segments',
  'profiles',
  'channels',
  'import',
  'review',
] as const;

export type ProvisioningStep = (typeof provisioningSteps)[number];

export interface Provisioning {
  live: boolean;
  liveSince: string | null;
  currentStep: ProvisioningStep;
  steps: { key: ProvisioningStep; done: boolean }[];
  /** Problems that keep the organisation from going live, empty when it can go live or is live. */
  goLiveProblems: { key: 'entities.missing' | 'email.missing'; message: string }[];
}

export interface Organisation {
  id: string;
  slug: string;
  name: string;
  live: boolean;
  liveSince: string | null;
}

export interface ReviewMessage {
  debtorId: string;
  debtorNumber: string;
  debtorName: string;
  channel: string;
  step: string;
  /** Open total in minor units of the currency. */
  totalMinor: number;
  currency: string;
  invoiceCount: number;
  recipient: string | null;
}

/** A step that was due but makes no message, with the reason. */
export interface ReviewSkipped {
  debtorNumber: string;
  debtorName: string;
  step: string;
  reason: 'on_hold' | 'below_minimum' | 'net_credit' | 'contact_limit';
  invoices: string[];
  /** For reason on_hold: why each invoice is on hold, in the server's words (English). */
  onHold?: { number: string; holdReason: string }[];
}

/** Dry run of one entity's first dunning run: the messages and call tasks it would make, computed without writing. */
export interface Review {
  entity: string;
  asOf: string;
  summary: {
    date: string;
    messages: { created: number; skipped: number };
    byStep: { step: string; channel: string; count: number }[];
  };
  messages: ReviewMessage[];
  callTasks: number;
  /** The call tasks, with channel 'call' and the phone number as recipient. */
  calls: ReviewMessage[];
  /** Present when the date is no sending day of the entity, so the run makes nothing. */
  notSendingDay?: NonSendingDay;
  skipped: ReviewSkipped[];
}

const provisioningKey = ['provisioning'] as const;

/** Fetches the wizard's progress; pass enabled false for users without settings.read. */
export function useProvisioning(enabled = true) {
  return useQuery({
    queryKey: provisioningKey,
    queryFn: () => apiRequest<Provisioning>('GET', '/api/provisioning'),
    enabled,
  });
}

/** Stores the step to resume at and, optionally, a step that is now done. */
export function useUpdateProvisioning() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (change: { currentStep?: ProvisioningStep; completedStep?: ProvisioningStep }) =>
      apiRequest<Provisioning>('PUT', '/api/provisioning', change),
    onSuccess: (provisioning) => queryClient.setQueryData(provisioningKey, provisioning),
  });
}

export function useOrganisation() {
  return useQuery({
    queryKey: ['organisation'],
    queryFn: () => apiRequest<Organisation>('GET', '/api/organisation'),
  });
}

export function useRenameOrganisation() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (name: string) => apiRequest<Organisation>('PATCH', '/api/organisation', { name }),
    onSuccess: (organisation) => queryClient.setQueryData(['organisation'], organisation),
  });
}

export function useGoLive() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: () =>
      apiRequest<{ live: true; liveSince: string }>('POST', '/api/organisation/go-live'),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: provisioningKey }),
        queryClient.invalidateQueries({ queryKey: ['organisation'] }),
      ]),
  });
}

/** Fetches the dry run of one entity's first dunning run, for the review step. */
export function useReview(entity: string | undefined, date?: string) {
  return useQuery({
    queryKey: ['provisioning-review', entity, date],
    queryFn: () =>
      apiRequest<Review>('GET', withQuery('/api/provisioning/review', { entity, date })),
    enabled: entity !== undefined,
  });
}
