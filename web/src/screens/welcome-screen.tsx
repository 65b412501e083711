import { Alert, Button, Code, List, Paper, Stack, Text, Title } from '@mantine/core';
import { Trans, useTranslation } from 'react-i18next';
import { useLoadDemo } from '../api/use-entities.ts';
import { LoadError } from '../components/load-error.tsx';

/** Shown while the organisation has no entity: load the demo data or import your own. */
export function WelcomeScreen() {
  const { t } = useTranslation();
  const loadDemo = useLoadDemo();

  return (
    <Stack maw={720} gap="lg">
      <div>
        <Title order={2}>{t('welcome.title')}</Title>
        <Text c="dimmed">{t('welcome.intro')}</Text>
      </div>

      <Paper withBorder p="lg">
        <Stack gap="sm" align="flex-start">
          <Title order={4}>{t('welcome.demoTitle')}</Title>
          <Text size="sm">{t('welcome.demoText')}</Text>
          <Button onClick={() => loadDemo.mutate()} loading={loadDemo.isPending}>
            {t('welcome.loadDemo')}
          </Button>
          {loadDemo.error && <LoadError error={loadDemo.error} />}
          {loadDemo.data && (
            <Alert color="green">{t('welcome.demoLoaded', { ...loadDemo.data })}</Alert>
          )}
        </Stack>
      </Paper>

      <Paper withBorder p="lg">
        <Stack gap="sm">
          <Title order={4}>{t('welcome.importTitle')}</Title>
          <Text size="sm">{t('welcome.importText')}</Text>
          <List type="ordered" size="sm" spacing="xs">
            <List.Item>
              {t('welcome.stepEntity')}
              <Code block mt={4}>
                collecta entity add --code NL01 --name "…" --currency EUR --country NL
              </Code>
            </List.Item>
            <List.Item>
              {t('welcome.stepImport')}
              <Code block mt={4}>
                collecta import FILE --entity NL01
              </Code>
            </List.Item>
          </List>
          <Text size="sm" c="dimmed">
            <Trans i18nKey="welcome.importHelp" components={{ code: <Code /> }} />
          </Text>
        </Stack>
      </Paper>
    </Stack>
  );
}
