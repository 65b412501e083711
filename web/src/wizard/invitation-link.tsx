import { Button, CopyButton, Group, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AccountLink } from '../api/types.ts';
import { useFormat } from '../format/use-format.ts';

/** Shows the invitation link with its expiry, to copy and pass on to the invited user. */
export function InvitationLink(props: { invitation: AccountLink }) {
  const { t } = useTranslation('wizard');
  const format = useFormat();
  const expires = new Date(props.invitation.expiresAt).toLocaleString(format.locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });

  return (
    <div>
      <Group gap="xs" wrap="nowrap" align="flex-end">
        <TextInput
          label={t('users.invitationLink')}
          value={props.invitation.url}
          readOnly
          style={{ flex: 1 }}
          data-testid="invitation-link"
          onFocus={(event) => event.currentTarget.select()}
        />
        <CopyButton value={props.invitation.url}>
          {({ copied, copy }) => (
            <Button variant="default" onClick={copy}>
              {copied ? t('users.copied') : t('users.copy')}
            </Button>
          )}
        </CopyButton>
      </Group>
      <Text size="xs" c="dimmed" mt={4}>
        {t('users.expires', { date: expires })}
      </Text>
    </div>
  );
}
