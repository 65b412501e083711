import { Button, Code, CopyButton, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Shows a value to copy, such as a link or a key, in full with a copy button beside it. */
export function CopyField(props: { value: string; testId?: string }) {
  const { t } = useTranslation('admin');

  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Code
        block
        data-testid={props.testId}
        style={{ flex: 1, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}
      >
        {props.value}
      </Code>
      <CopyButton value={props.value}>
        {({ copied, copy }) => (
          <Button size="compact-sm" variant={copied ? 'filled' : 'default'} onClick={copy}>
            {copied ? t('copy.done') : t('copy.action')}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}
