import { Anchor, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

export function NotFoundScreen() {
  const { t } = useTranslation();

  return (
    <Stack gap="xs">
      <Title order={2}>{t('notFound.title')}</Title>
      <Text>{t('notFound.text')}</Text>
      <Anchor component={Link} to="/debtors">
        {t('notFound.back')}
      </Anchor>
    </Stack>
  );
}
