import { Box, Container, Group, SegmentedControl, Text } from '@mantine/core';
import {
  portalLanguages,
  switchPortalLanguage,
  usePortalTranslation,
  type PortalLanguage,
} from './i18n.ts';
import type { PortalSessionInfo } from './types.ts';

/** The portal's header: the creditor's logo and name, and the language switch. */
export function PortalHeader({ session }: { session: PortalSessionInfo | null }) {
  const { t, i18n } = usePortalTranslation();

  return (
    <Box
      component="header"
      py="sm"
      style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
    >
      <Container size="lg">
        <Group justify="space-between">
          <Group gap="sm">
            {session?.entity.hasLogo && (
              <img src="/api/portal/logo" alt="" style={{ maxHeight: 40, maxWidth: 160 }} />
            )}
            <div>
              <Text fw={600}>{session?.entity.name ?? t('portal')}</Text>
              {session && (
                <Text size="xs" c="dimmed">
                  {t('portal')}
                </Text>
              )}
            </div>
          </Group>
          <SegmentedControl
            size="xs"
            aria-label={t('language')}
            value={i18n.language}
            onChange={(value) =>
              void switchPortalLanguage(value as PortalLanguage, { remember: true })
            }
            data={portalLanguages.map((language) => ({
              value: language,
              label: language.toUpperCase(),
            }))}
          />
        </Group>
      </Container>
    </Box>
  );
}
