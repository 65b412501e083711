import { Table } from '@mantine/core';
import type { Decimal } from '../api/types.ts';
import { useFormat } from '../format/use-format.ts';

/** A right-aligned table cell with an amount; zero amounts are dimmed. */
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
