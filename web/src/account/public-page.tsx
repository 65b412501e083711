import { Center, Group, Paper, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../layout/language-switch.tsx';

/** Renders the card that contains the login form and the other pages without a session. */
export function PublicPage(props: { title?: string; children: ReactNode }) {
  const { t } = useTranslation();

  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Paper withBorder shadow="sm" p="xl" w={420} maw="100%" radius="md">
        <Stack>
          <Group justify="space-between">
            <Title order={2} c="teal.8">
              {t('app.name')}
            </Title>
            <LanguageSwitch />
          </Group>
          {props.title && <Title order={3}>{props.title}</Title>}
          {props.children}
        </Stack>
      </Paper>
    </Center>
  );
}
