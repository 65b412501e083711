import { Alert, Badge, Button, Code, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDnsCheck, type DnsCheck, type DnsGuidanceKey } from '../../api/use-channels.ts';
import { LoadError } from '../../components/load-error.tsx';

/** Guidance keys that request a change. The other keys confirm that a record is right. */
const adviceKeys: ReadonlySet<DnsGuidanceKey> = new Set([
  'dns.unavailable',
  'spf.missing',
  'spf.multiple',
  'spf.host_not_listed',
  'dkim.missing',
  'dmarc.missing',
  'dmarc.policy_none',
]);

/**
 * Checks the sender domain's SPF, DKIM and DMARC records on request and shows
 * what to publish where one is missing. Mail from a domain without them often
 * lands in spam or is rejected.
 */
export function DnsCheckPanel(props: { domain: string; smtpHost: string }) {
  const { t } = useTranslation('wizard');
  const [requested, setRequested] = useState(false);
  const check = useDnsCheck(requested ? props.domain : undefined);

  return (
    <Stack gap="xs" data-testid="dns-check">
      <Group justify="space-between">
        <Title order={5}>{t('channels.dns.title', { domain: props.domain })}</Title>
        <Button
          variant="light"
          size="xs"
          loading={check.isFetching}
          onClick={() => (requested ? void check.refetch() : setRequested(true))}
        >
          {t('channels.dns.check')}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {t('channels.dns.intro')}
      </Text>
      {check.error && <LoadError error={check.error} />}
      {check.data && <DnsResult result={check.data} smtpHost={props.smtpHost} />}
    </Stack>
  );
}

function DnsResult(props: { result: DnsCheck; smtpHost: string }) {
  const { t } = useTranslation('wizard');
  const { result } = props;
  const values = {
    domain: result.domain,
    host: props.smtpHost,
    selector: result.dkim.selector,
    dkimName: `${result.dkim.selector}._domainkey.${result.domain}`,
    error: result.error ?? '',
  };
  const advice = result.guidance.filter((item) => adviceKeys.has(item.key));
  if (!result.checked) {
    return (
      <Alert color="yellow" title={t('channels.dns.notChecked')}>
        {t('channels.dns.guidance.dns.unavailable', values)}
      </Alert>
    );
  }

  const rows = [
    { key: 'spf', found: result.spf.found, record: result.spf.record },
    { key: 'dkim', found: result.dkim.found, record: result.dkim.record },
    { key: 'dmarc', found: result.dmarc.found, record: result.dmarc.record },
  ] as const;
  return (
    <Stack gap="sm" data-testid="dns-result">
      <Table verticalSpacing="xs">
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.key} data-record={row.key} data-found={row.found}>
              <Table.Td w={80} fw={600}>
                {t(`channels.dns.${row.key}`)}
              </Table.Td>
              <Table.Td w={140}>
                <Badge color={row.found ? 'teal' : 'red'} variant="light">
                  {row.found ? t('channels.dns.found') : t('channels.dns.missing')}
                </Badge>
              </Table.Td>
              <Table.Td style={{ wordBreak: 'break-all' }}>
                {row.record && <Code>{row.record}</Code>}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {advice.length > 0 && (
        <Alert color="yellow" variant="light" title={t('channels.dns.adviceTitle')}>
          <List size="sm" spacing={4}>
            {advice.map((item) => (
              <List.Item key={item.key}>{t(`channels.dns.guidance.${item.key}`, values)}</List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Stack>
  );
}
