import { PasswordInput, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { MIN_PASSWORD_LENGTH } from './password-rules.ts';

export interface NewPassword {
  password: string;
  repeat: string;
}

/** Returns what is wrong with a new password, as a translation key, or null when it will do. */
export function checkNewPassword(
  value: NewPassword,
): 'newPassword.tooShort' | 'newPassword.mismatch' | null {
  if (value.password.length < MIN_PASSWORD_LENGTH) {
    return 'newPassword.tooShort';
  }
  if (value.password !== value.repeat) {
    return 'newPassword.mismatch';
  }
  return null;
}

/**
 * Renders the fields for a new password typed twice. The fields show their
 * problem once the user has submitted (`showErrors`), not while they type.
 */
export function NewPasswordFields(props: {
  value: NewPassword;
  onChange(value: NewPassword): void;
  showErrors: boolean;
}) {
  const { t } = useTranslation('account');
  const problem = props.showErrors ? checkNewPassword(props.value) : null;

  return (
    <Stack gap="sm">
      <PasswordInput
        label={t('newPassword.password')}
        description={t('newPassword.rule', { minimum: MIN_PASSWORD_LENGTH })}
        name="new-password"
        autoComplete="new-password"
        value={props.value.password}
        onChange={(event) =>
          props.onChange({ ...props.value, password: event.currentTarget.value })
        }
        error={problem === 'newPassword.tooShort' && t(problem, { minimum: MIN_PASSWORD_LENGTH })}
        required
      />
      <PasswordInput
        label={t('newPassword.repeat')}
        name="repeat-password"
        autoComplete="new-password"
        value={props.value.repeat}
        onChange={(event) => props.onChange({ ...props.value, repeat: event.currentTarget.value })}
        error={problem === 'newPassword.mismatch' && t(problem)}
        required
      />
    </Stack>
  );
}
