import { Table } from '@mantine/core';
import type { Decimal } from '../api/types.ts';
import { useFormat } from '../format/use-format.ts';

/** Renders an amount in a right-aligned table cell, dimmed when it is zero. */
export function AmountCell(props: { amount: Decimal; currency: string; strong?: boolean }) {
  const format = useFormat();
  const isZero = Number(props.amount) === 0;

  return (
    <Table.Td
      ta="right"
      c={isZero ? 'dimmed' : undefined}
      fw={props.strong ? 600 : undefined}
      style={{ whiteSpace: 'nowrap' }}
    >
      {format.money(props.amount, props.currency)}
    </Table.Td>
  );
}
