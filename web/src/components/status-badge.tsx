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

/**
 * Shows a status as a coloured badge. Message and call-task statuses share
 * one set of labels. A batch has its own, because an approved batch may
 * already be partly sent. The badge keeps its full width in narrow table
 * cells instead of cutting the label off.
 */
export function StatusBadge(props: { status: string; of?: 'batch' }) {
  const label = useCodeLabel();
  const group = props.of === 'batch' ? 'batchStatus' : 'status';

  return (
    <Badge
      color={colours[props.status] ?? 'gray'}
      variant="light"
      miw="max-content"
      data-status={props.status}
    >
      {label(group, props.status)}
    </Badge>
  );
}
