import { Resolver } from 'node:dns/promises';

/**
 * Stable keys of the guidance texts, for clients that translate them. The
 * English text goes with each key in the response.
 */
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

export interface DnsGuidance {
  key: DnsGuidanceKey;
  text: string;
}

export interface SenderDomainCheck {
  domain: string;
  /** False when the lookups could not be made, such as without network; `error` then gives the reason. */
  checked: boolean;
  spf: {
    found: boolean;
    record: string | null;
    /** Whether the record names the SMTP host's domain; null without an SMTP host or SPF record. */
    includesHint: 'spf.host_listed' | 'spf.host_not_listed' | null;
    /** The domains of the record's include: mechanisms. */
    includes: string[];
  };
  dkim: { selector: string; found: boolean; record: string | null };
  dmarc: { found: boolean; record: string | null; policy: string | null };
  guidance: DnsGuidance[];
  error?: string;
}

export interface CheckSenderDomainParams {
  domain: string;
  /** DKIM selector: the label before ._domainkey. */
  selector: string;
  /** Host name of the SMTP server, to see whether the SPF record names it. */
  smtpHost: string | null;
  /** DNS servers as "address" or "address:port"; empty uses the system resolvers. */
  dnsServers: readonly string[];
  /** Time per lookup in milliseconds; default 3,000. */
  timeoutMs?: number;
}

/** Errors of a lookup that mean the name has no such record, as opposed to a failed lookup. */
const NO_RECORD_CODES = new Set(['ENOTFOUND', 'ENODATA']);

class LookupFailed extends Error {
  constructor(hostName: string, code: string) {
    super(`the DNS lookup of ${hostName} failed (${code})`);
    this.name = 'LookupFailed';
  }
}

/**
 * Looks up the SPF, DKIM and DMARC TXT records of a sender domain and
 * explains what to publish. When a lookup fails for another reason than a
 * missing record (no network, timeout, refused), the result has checked
 * false and the error, and no record counts as found.
 */
export async function checkSenderDomain(
  params: CheckSenderDomainParams,
): Promise<SenderDomainCheck> {
  const resolver = new Resolver({ timeout: params.timeoutMs ?? 3_000, tries: 1 });
  if (params.dnsServers.length > 0) {
    resolver.setServers([...params.dnsServers]);
  }
  const domain = params.domain.toLowerCase();
  const dkimName = `${params.selector}._domainkey.${domain}`;

  let records: [string[], string[], string[]];
  try {
    records = await Promise.all([
      lookupTxt(resolver, domain),
      lookupTxt(resolver, dkimName),
      lookupTxt(resolver, `_dmarc.${domain}`),
    ]);
  } catch (error) {
    return uncheckedResult(params, domain, error);
  }
  const [domainRecords, dkimRecords, dmarcRecords] = records;

  const spfRecords = domainRecords.filter((record) => /^v=spf1(\s|$)/i.test(record));
  const spfRecord = spfRecords[0] ?? null;
  const includes = spfRecord ? spfIncludes(spfRecord) : [];
  const includesHint =
    spfRecord && params.smtpHost ? spfHostHint(spfRecord, includes, params.smtpHost) : null;
  const dkimRecord = dkimRecords.find((record) => /(^|;)\s*(v=DKIM1|p=)/i.test(record)) ?? null;
  const dmarcRecord = dmarcRecords.find((record) => /^v=DMARC1(\s*;|$)/i.test(record)) ?? null;
  const policy = dmarcRecord ? (/(?:^|;)\s*p=([a-z]+)/i.exec(dmarcRecord)?.[1] ?? null) : null;

  const result: SenderDomainCheck = {
    domain,
    checked: true,
    spf: { found: spfRecord !== null, record: spfRecord, includesHint, includes },
    dkim: { selector: params.selector, found: dkimRecord !== null, record: dkimRecord },
    dmarc: {
      found: dmarcRecord !== null,
      record: dmarcRecord,
      policy: policy?.toLowerCase() ?? null,
    },
    guidance: [],
  };
  result.guidance = buildGuidance(result, {
    spfRecordCount: spfRecords.length,
    smtpHost: params.smtpHost,
    dkimName,
  });

  return result;
}

/** Returns the TXT records of `name`, each with its strings joined; none when the name has none. */
async function lookupTxt(resolver: Resolver, name: string): Promise<string[]> {
  try {
    const records = await resolver.resolveTxt(name);
    return records.map((chunks) => chunks.join(''));
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'unknown error';
    if (NO_RECORD_CODES.has(code)) {
      return [];
    }
    throw new LookupFailed(name, code);
  }
}

function uncheckedResult(
  params: CheckSenderDomainParams,
  domain: string,
  error: unknown,
): SenderDomainCheck {
  const message = error instanceof Error ? error.message : String(error);

  return {
    domain,
    checked: false,
    spf: { found: false, record: null, includesHint: null, includes: [] },
    dkim: { selector: params.selector, found: false, record: null },
    dmarc: { found: false, record: null, policy: null },
    guidance: [
      {
        key: 'dns.unavailable',
        text: `The DNS records could not be checked: ${message}. Check them later, or with your DNS provider.`,
      },
    ],
    error: message,
  };
}

function spfIncludes(record: string): string[] {
  return record
    .split(/\s+/)
    .map((term) => /^[+~?-]?include:(.+)$/i.exec(term)?.[1]?.toLowerCase())
    .filter((domain): domain is string => domain !== undefined);
}

/**
 * Returns spf.host_listed when the SPF record names the SMTP host: an
 * include, a: or mx: term whose domain is the host or one of its parent domains. The record may
 * still allow the host through IP ranges or an include of the provider's
 * own SPF domain, so a host not listed is a hint to check, not an error.
 */
function spfHostHint(
  record: string,
  includes: string[],
  smtpHost: string,
): 'spf.host_listed' | 'spf.host_not_listed' {
  const host = smtpHost.toLowerCase();
  const named = record
    .split(/\s+/)
    .map((term) => /^[+~?-]?(?:a|mx):([^/]+)/i.exec(term)?.[1]?.toLowerCase())
    .filter((domain): domain is string => domain !== undefined);
  const covers = (domain: string) => host === domain || host.endsWith(`.${domain}`);

  return [...includes, ...named].some(covers) ? 'spf.host_listed' : 'spf.host_not_listed';
}

function buildGuidance(
  result: SenderDomainCheck,
  context: { spfRecordCount: number; smtpHost: string | null; dkimName: string },
): DnsGuidance[] {
  const { domain } = result;
  const guidance: DnsGuidance[] = [];
  if (!result.spf.found) {
    guidance.push({
      key: 'spf.missing',
      text: `${domain} has no SPF record. Publish a TXT record at ${domain} such as "v=spf1 include:<your e-mail provider's SPF domain> ~all", so that receiving servers accept mail from your SMTP server.`,
    });
  } else if (context.spfRecordCount > 1) {
    guidance.push({
      key: 'spf.multiple',
      text: `${domain} has ${context.spfRecordCount} SPF records; receiving servers treat that as an error. Merge them into one TXT record.`,
    });
  } else {
    guidance.push({ key: 'spf.found', text: `${domain} has an SPF record.` });
  }
  if (result.spf.includesHint === 'spf.host_listed') {
    guidance.push({
      key: 'spf.host_listed',
      text: `The SPF record names the domain of the SMTP server ${context.smtpHost ?? ''}.`,
    });
  } else if (result.spf.includesHint === 'spf.host_not_listed') {
    guidance.push({
      key: 'spf.host_not_listed',
      text: `The SPF record does not name the SMTP server ${context.smtpHost ?? ''}. Check that one of its include: domains or IP ranges covers that server; your e-mail provider documents the include to add.`,
    });
  }
  guidance.push(
    result.dkim.found
      ? { key: 'dkim.found', text: `A DKIM key is published at ${context.dkimName}.` }
      : {
          key: 'dkim.missing',
          text: `No DKIM key was found at ${context.dkimName}. Turn on DKIM signing at your e-mail provider and publish the TXT record it gives you; if it uses another selector than "${result.dkim.selector}", enter that selector.`,
        },
  );
  if (!result.dmarc.found) {
    guidance.push({
      key: 'dmarc.missing',
      text: `${domain} has no DMARC record. Publish a TXT record at _dmarc.${domain}, starting with "v=DMARC1; p=none; rua=mailto:<your address>" and tightening to p=quarantine once reports show that all your mail passes.`,
    });
  } else if (result.dmarc.policy === 'none') {
    guidance.push({
      key: 'dmarc.policy_none',
      text: `The DMARC policy of ${domain} is p=none: receivers report failures but still deliver forged mail. Move to p=quarantine once the reports show that all your mail passes.`,
    });
  } else {
    guidance.push({ key: 'dmarc.found', text: `${domain} has a DMARC record.` });
  }

  return guidance;
}
