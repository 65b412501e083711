import { Badge } from '@mantine/core';
import { useCodeLabel } from './code-label.ts';

const colours: Record<string, string> = {
  open: 'blue',
  pending: 'yellow',
  removed: 'gray',
  approved: 'indigo',
  sending: 'indigo',
  sent: 'green',
  done: 'green',
  failed: 'red',
};

/** A message, batch or call-task status as a coloured badge. */
export function StatusBadge(props: { status: string }) {
  const label = useCodeLabel();

  return (
    <Badge color={colours[props.status] ?? 'gray'} variant="light" data-status={props.status}>
      {label('status', props.status)}
    </Badge>
  );
}
