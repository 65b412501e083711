import {
  Badge,
  Button,
  Group,
  Paper,
  PasswordInput,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSaveProviderChannel, type ProviderChannel } from '../../api/use-channels.ts';
import { LoadError } from '../../components/load-error.tsx';
import { providerOptions, type ProviderOption } from './provider-options.ts';

/** Edits the provider of SMS messages or of payment links, with its settings and API key. */
export function ProviderChannelForm(props: {
  channel: 'sms' | 'payment';
  current: ProviderChannel | null;
}) {
  const { t } = useTranslation('wizard');
  const save = useSaveProviderChannel(props.channel);
  const options = providerOptions[props.channel];
  const [provider, setProvider] = useState(props.current?.provider ?? options[0]?.key ?? '');
  const [settings, setSettings] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      Object.entries(props.current?.settings ?? {}).map(([key, value]) => [key, String(value)]),
    ),
  );
  const [secret, setSecret] = useState('');
  const option: ProviderOption | undefined = options.find(
    (candidate) => candidate.key === provider,
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    const fields = Object.fromEntries(
      (option?.fields ?? []).map((field) => [field, (settings[field] ?? '').trim()]),
    );
    save.mutate(
      { provider, settings: fields, secret: secret === '' ? undefined : secret },
      {
        onSuccess: () => {
          setSecret('');
          notifications.show({ color: 'green', message: t(`channels.${props.channel}.saved`) });
        },
      },
    );
  }

  return (
    <Paper withBorder p="md" data-testid={`${props.channel}-channel`}>
      <Group justify="space-between" mb="xs">
        <Title order={4}>{t(`channels.${props.channel}.title`)}</Title>
        <Badge color={props.current ? 'teal' : 'gray'}>
          {props.current ? t('channels.set') : t('channels.notSet')}
        </Badge>
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        {t(`channels.${props.channel}.intro`)}
      </Text>
      <form onSubmit={submit}>
        <Stack gap="sm" maw={520}>
          <Select
            label={t('channels.provider')}
            data={options.map((candidate) => ({ value: candidate.key, label: candidate.label }))}
            value={provider}
            onChange={(value) => setProvider(value ?? provider)}
            allowDeselect={false}
          />
          {option?.fields.map((field) => (
            <TextInput
              key={field}
              label={t(`channels.field.${field}`)}
              value={settings[field] ?? ''}
              onChange={(event) => {
                const value = event.currentTarget.value;
                setSettings((current) => ({ ...current, [field]: value }));
              }}
              required
            />
          ))}
          <PasswordInput
            label={t('channels.secret')}
            description={
              props.current?.hasSecret
                ? t('channels.secretKept')
                : provider === 'stripe'
                  ? t('channels.stripeSecretHelp')
                  : undefined
            }
            value={secret}
            onChange={(event) => setSecret(event.currentTarget.value)}
            autoComplete="new-password"
          />
          {save.error && <LoadError error={save.error} />}
          <Group>
            <Button type="submit" variant="light" loading={save.isPending}>
              {t(`channels.${props.channel}.save`)}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
