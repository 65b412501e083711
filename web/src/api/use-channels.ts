import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest, withQuery } from './client.ts';

export interface EmailChannel {
  provider: 'smtp';
  host: string;
  port: number;
  secure: boolean;
  username: string | null;
  fromAddress: string;
  fromName: string;
  dkimSelector: string | null;
  hasPassword: boolean;
  verifiedAt: string | null;
}

export interface ProviderChannel {
  provider: string;
  settings: Record<string, unknown>;
  hasSecret: boolean;
}

export interface Channels {
  email: EmailChannel | null;
  sms: ProviderChannel | null;
  payment: ProviderChannel | null;
  fax: ProviderChannel | null;
}

export interface EmailSettings {
  host: string;
  port: number;
  secure: boolean;
  username?: string | null;
  /** Left out to keep the stored password. */
  password?: string;
  fromAddress: string;
  fromName: string;
  /** DKIM selector of the sender domain for the DNS check; the server's default is "default". */
  dkimSelector?: string | null;
}

export interface ProviderSettings {
  provider: string;
  settings: Record<string, string>;
  /** Left out to keep the stored secret. */
  secret?: string;
}

export type DnsGuidanceKey =
  | 'dns.unavailable'
  | 'spf.found'
  | 'spf.missing'
  | 'spf.multiple'
  | 'spf.host_listed'
  | 'spf.host_not_listed'
  | 'dkim.found'
  | 'dkim.missing'
  | 'dmarc.found'
  | 'dmarc.missing'
  | 'dmarc.policy_none';

/** Result of looking up a sender domain's SPF, DKIM and DMARC records. */
export interface DnsCheck {
  domain: string;
  /** False when the lookups failed, such as without network, and `error` then contains the reason. */
  checked: boolean;
  spf: {
    found: boolean;
    record: string | null;
    includesHint: 'spf.host_listed' | 'spf.host_not_listed' | null;
    includes: string[];
  };
  dkim: { selector: string; found: boolean; record: string | null };
  dmarc: { found: boolean; record: string | null; policy: string | null };
  /** Advice on the records, in English with a stable key for translation. */
  guidance: { key: DnsGuidanceKey; text: string }[];
  error?: string;
}

const channelsKey = ['channels'] as const;

export function useChannels() {
  return useQuery({
    queryKey: channelsKey,
    queryFn: () => apiRequest<Channels>('GET', '/api/channels'),
  });
}

export function useSaveEmailChannel() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (settings: EmailSettings) =>
      apiRequest<unknown>('PUT', '/api/channels/email', settings),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: channelsKey }),
  });
}

/** Sends a test e-mail over the stored SMTP settings; the error carries the SMTP reason. */
export function useSendTestEmail() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (to: string) =>
      apiRequest<{ sent: true; messageId: string }>('POST', '/api/channels/email/test', { to }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: channelsKey }),
  });
}

export function useDnsCheck(domain: string | undefined) {
  return useQuery({
    queryKey: ['channels-dns', domain],
    queryFn: () => apiRequest<DnsCheck>('GET', withQuery('/api/channels/email/dns', { domain })),
    enabled: domain !== undefined && domain !== '',
    staleTime: 60_000,
  });
}

export function useSaveProviderChannel(channel: 'sms' | 'payment' | 'fax') {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (settings: ProviderSettings) =>
      apiRequest<unknown>('PUT', `/api/channels/${channel}`, settings),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: channelsKey }),
  });
}
