import { Paper, Text } from '@mantine/core';

/** Renders one figure of a calculation, such as the total costs, with its label above it. */
export function ResultFigure(props: { label: string; value: string; testId: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="sm" c="dimmed">
        {props.label}
      </Text>
      <Text fz="xl" fw={700} data-testid={props.testId}>
        {props.value}
      </Text>
    </Paper>
  );
}
