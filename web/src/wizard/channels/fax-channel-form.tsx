import { Badge, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSaveProviderChannel, type ProviderChannel } from '../../api/use-channels.ts';
import { LoadError } from '../../components/load-error.tsx';

/** The only fax provider: an e-mail-to-fax gateway. */
const FAX_GATEWAY_PROVIDER = 'email_gateway';

/** The digits of the example number +31 20 123 4567, as the gateway address contains them. */
const SAMPLE_DIGITS = '31201234567';

/** Edits the e-mail-to-fax gateway: its address with {number} for the fax number. */
export function FaxChannelForm(props: { current: ProviderChannel | null }) {
  const { t } = useTranslation('delivery');
  const { t: tWizard } = useTranslation('wizard');
  const save = useSaveProviderChannel('fax');
  const stored = props.current?.settings.addressTemplate;
  const [addressTemplate, setAddressTemplate] = useState(typeof stored === 'string' ? stored : '');
  const trimmed = addressTemplate.trim();

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(
      { provider: FAX_GATEWAY_PROVIDER, settings: { addressTemplate: trimmed } },
      { onSuccess: () => notifications.show({ color: 'green', message: t('fax.saved') }) },
    );
  }

  return (
    <Paper withBorder p="md" data-testid="fax-channel">
      <Group justify="space-between" mb="xs">
        <Title order={4}>{t('fax.title')}</Title>
        <Badge color={props.current ? 'teal' : 'gray'}>
          {props.current ? tWizard('channels.set') : tWizard('channels.notSet')}
        </Badge>
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        {t('fax.intro')}
      </Text>
      <form onSubmit={submit}>
        <Stack gap="sm" maw={520}>
          <TextInput
            label={t('fax.addressTemplate')}
            description={t('fax.addressTemplateHelp')}
            placeholder="{number}@fax.example.net"
            value={addressTemplate}
            onChange={(event) => setAddressTemplate(event.currentTarget.value)}
            required
          />
          {trimmed.includes('{number}') && (
            <Text size="sm" data-testid="fax-example">
              {t('fax.example', { address: trimmed.replace('{number}', SAMPLE_DIGITS) })}
            </Text>
          )}
          {save.error && <LoadError error={save.error} />}
          <Group>
            <Button type="submit" variant="light" loading={save.isPending}>
              {t('fax.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
