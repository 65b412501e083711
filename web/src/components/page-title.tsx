import { Group, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** Renders a screen's heading with an optional subtitle and actions on the right. */
export function PageTitle(props: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <Group justify="space-between" align="flex-end" mb="md" wrap="wrap">
      <div>
        <Title order={2}>{props.title}</Title>
        {props.subtitle && (
          <Text c="dimmed" size="sm">
            {props.subtitle}
          </Text>
        )}
      </div>
      {props.actions && <Group gap="sm">{props.actions}</Group>}
    </Group>
  );
}
