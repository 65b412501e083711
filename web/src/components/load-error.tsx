import { Alert } from '@mantine/core';
import { useErrorMessage } from './use-error-message.ts';

/** Shows a failed request in words the user can act on. */
export function LoadError(props: { error: Error }) {
  const message = useErrorMessage();

  return (
    <Alert color="red" title={message.title} role="alert">
      {message.describe(props.error)}
    </Alert>
  );
}
