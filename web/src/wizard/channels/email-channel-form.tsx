import {
  Badge,
  Button,
  Group,
  NumberInput,
  Paper,
  PasswordInput,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSaveEmailChannel, type EmailChannel } from '../../api/use-channels.ts';
import { LoadError } from '../../components/load-error.tsx';
import { DnsCheckPanel } from './dns-check-panel.tsx';
import { TestEmailForm } from './test-email-form.tsx';

/**
 * Edits the SMTP server that sends dunning e-mail. Port 587 with STARTTLS is
 * the usual submission port, and "secure" means TLS from the first byte (port 465).
 */
export function EmailChannelForm(props: { channel: EmailChannel | null }) {
  const { t } = useTranslation('wizard');
  const save = useSaveEmailChannel();
  const current = props.channel;
  const [host, setHost] = useState(current?.host ?? '');
  const [port, setPort] = useState<number | string>(current?.port ?? 587);
  const [secure, setSecure] = useState(current?.secure ?? false);
  const [username, setUsername] = useState(current?.username ?? '');
  const [password, setPassword] = useState('');
  const [fromAddress, setFromAddress] = useState(current?.fromAddress ?? '');
  const [fromName, setFromName] = useState(current?.fromName ?? '');
  const [dkimSelector, setDkimSelector] = useState(current?.dkimSelector ?? '');
  const domain = current?.fromAddress.split('@')[1];

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(
      {
        host: host.trim(),
        port: Number(port),
        secure,
        username: username.trim() || null,
        password: password === '' ? undefined : password,
        fromAddress: fromAddress.trim(),
        fromName: fromName.trim(),
        dkimSelector: dkimSelector.trim() || null,
      },
      {
        onSuccess: () => {
          setPassword('');
          notifications.show({ color: 'green', message: t('channels.email.saved') });
        },
      },
    );
  }

  return (
    <Paper withBorder p="md" data-testid="email-channel">
      <Group justify="space-between" mb="xs">
        <Title order={4}>{t('channels.email.title')}</Title>
        {current?.verifiedAt ? (
          <Badge color="teal">{t('channels.email.verified')}</Badge>
        ) : current ? (
          <Badge color="yellow">{t('channels.email.notVerified')}</Badge>
        ) : (
          <Badge color="gray">{t('channels.notSet')}</Badge>
        )}
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        {t('channels.email.intro')}
      </Text>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label={t('channels.email.host')}
              placeholder="smtp.example.com"
              value={host}
              onChange={(event) => setHost(event.currentTarget.value)}
              required
            />
            <Group gap="sm" align="flex-end" wrap="nowrap">
              <NumberInput
                label={t('channels.email.port')}
                value={port}
                onChange={setPort}
                min={1}
                max={65535}
                allowDecimal={false}
                required
                w={120}
              />
              <Switch
                label={t('channels.email.secure')}
                checked={secure}
                onChange={(event) => setSecure(event.currentTarget.checked)}
                mb={8}
              />
            </Group>
            <TextInput
              label={t('channels.email.username')}
              value={username}
              onChange={(event) => setUsername(event.currentTarget.value)}
              autoComplete="off"
            />
            <PasswordInput
              label={t('channels.email.password')}
              description={current?.hasPassword ? t('channels.email.passwordKept') : undefined}
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
              autoComplete="new-password"
            />
            <TextInput
              label={t('channels.email.fromAddress')}
              type="email"
              placeholder="debiteuren@example.com"
              value={fromAddress}
              onChange={(event) => setFromAddress(event.currentTarget.value)}
              required
            />
            <TextInput
              label={t('channels.email.fromName')}
              value={fromName}
              onChange={(event) => setFromName(event.currentTarget.value)}
              required
            />
            <TextInput
              label={t('channels.email.dkimSelector')}
              description={t('channels.email.dkimSelectorHelp')}
              placeholder="default"
              value={dkimSelector}
              onChange={(event) => setDkimSelector(event.currentTarget.value)}
            />
          </SimpleGrid>
          <Text size="xs" c="dimmed">
            {t('channels.email.portHelp')}
          </Text>
          {save.error && <LoadError error={save.error} />}
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('channels.email.save')}
            </Button>
          </Group>
        </Stack>
      </form>
      {current && (
        <Stack gap="md" mt="lg">
          <TestEmailForm />
          {domain && <DnsCheckPanel domain={domain} smtpHost={current.host} />}
        </Stack>
      )}
    </Paper>
  );
}
