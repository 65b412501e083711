import { Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A labelled value of the issue header. */
export function Fact(props: { label: string; value: ReactNode; testId?: string }) {
  return (
    <div data-testid={props.testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {props.label}
      </Text>
      <Text size="sm" component="div">
        {props.value}
      </Text>
    </div>
  );
}
