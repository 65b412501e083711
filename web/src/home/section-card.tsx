import { Anchor, Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

/**
 * Renders one section of the start screen: a title with the number of
 * items, the listed items or a sentence saying there are none, and a link
 * to the screen where the work is done.
 */
export function SectionCard(props: {
  title: string;
  count: number;
  /** Items listed here; fewer than `count` when the server cut the list off. */
  listedCount: number;
  empty: string;
  link?: { to: string; label: string; onClick?: () => void };
  testId: string;
  children: ReactNode;
}) {
  const { t } = useTranslation('home');

  return (
    <Card withBorder radius="md" padding="lg" data-testid={props.testId}>
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Title order={4}>{props.title}</Title>
        <Badge
          size="lg"
          variant={props.count > 0 ? 'filled' : 'light'}
          color={props.count > 0 ? 'teal' : 'gray'}
        >
          {props.count}
        </Badge>
      </Group>
      {props.count === 0 ? (
        <Text c="dimmed" size="sm">
          {props.empty}
        </Text>
      ) : (
        <Stack gap="sm">{props.children}</Stack>
      )}
      {(props.listedCount < props.count || props.link) && (
        <Group justify="space-between" mt="md">
          <Text c="dimmed" size="xs">
            {props.listedCount < props.count
              ? t('listed', { listed: props.listedCount, count: props.count })
              : ''}
          </Text>
          {props.link && (
            <Anchor component={Link} to={props.link.to} onClick={props.link.onClick} size="sm">
              {props.link.label}
            </Anchor>
          )}
        </Group>
      )}
    </Card>
  );
}

/** Renders one item of a section: a linked title with a line of detail, and a value on the right. */
export function SectionRow(props: {
  title: ReactNode;
  detail: ReactNode;
  value?: ReactNode;
  badge?: ReactNode;
}) {
  return (
    <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
      <div style={{ minWidth: 0 }}>
        <Group gap="xs" wrap="nowrap">
          {props.title}
          {props.badge}
        </Group>
        <Text c="dimmed" size="xs">
          {props.detail}
        </Text>
      </div>
      {props.value && (
        <Text size="sm" fw={500} ta="right" style={{ whiteSpace: 'nowrap' }}>
          {props.value}
        </Text>
      )}
    </Group>
  );
}
