import { Badge, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ServerMessage } from '../components/server-message.ts';
import { useServerMessage } from '../components/use-error-message.ts';

/**
 * Maximum width of a counterparty name in a table. A bank sends names of up
 * to 140 characters, and a name that wide would push the amount and action
 * columns off a 1280 pixel screen.
 */
const NAME_WIDTH = 240;

/**
 * Shows the counterparty's name with its IBAN below, as the bank sent them.
 * A long name ends in an ellipsis and shows in full as the tooltip.
 */
export function CounterpartyText(props: {
  counterparty: { name: string | null; iban: string | null };
}) {
  const { t } = useTranslation('payments');
  const name = props.counterparty.name ?? t('unknownCounterparty');

  return (
    <>
      <Text size="sm" truncate="end" maw={NAME_WIDTH} title={name} data-testid="counterparty-name">
        {name}
      </Text>
      {props.counterparty.iban && (
        <Text size="xs" c="dimmed" ff="monospace">
          {props.counterparty.iban}
        </Text>
      )}
    </>
  );
}

/**
 * Shows the problems kept with a payment, such as an IBAN that fails its
 * check, in the user's language. A warning whose text fits no catalogue text,
 * such as one that an older version worded otherwise, shows in English.
 */
export function PaymentWarnings(props: { warnings: ServerMessage[] }) {
  const describe = useServerMessage();
  if (props.warnings.length === 0) {
    return null;
  }
  return (
    <Group gap={4} mt={4}>
      {props.warnings.map((warning) => {
        const text = describe(warning);
        return (
          <Badge key={text} size="xs" color="orange" variant="light" tt="none" title={text}>
            {text}
          </Badge>
        );
      })}
    </Group>
  );
}
