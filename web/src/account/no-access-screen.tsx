import { Anchor, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

/** Replaces a screen that the user's group has no permission for. */
export function NoAccessScreen() {
  const { t } = useTranslation('account');

  return (
    <Stack gap="xs" data-testid="no-access">
      <Title order={2}>{t('noAccess.title')}</Title>
      <Text>{t('noAccess.text')}</Text>
      <Anchor component={Link} to="/">
        {t('noAccess.back')}
      </Anchor>
    </Stack>
  );
}
