import { Center, Loader, Stack } from '@mantine/core';
import { useChannels } from '../../api/use-channels.ts';
import { LoadError } from '../../components/load-error.tsx';
import { EmailChannelForm } from './email-channel-form.tsx';
import { FaxChannelForm } from './fax-channel-form.tsx';
import { ProviderChannelForm } from './provider-channel-form.tsx';

/**
 * Shows the forms of the sender e-mail (SMTP), the SMS provider, the payment
 * provider and the e-mail-to-fax gateway.
 */
export function ChannelsStep() {
  const channels = useChannels();

  if (channels.isPending) {
    return (
      <Center py="md">
        <Loader />
      </Center>
    );
  }
  if (channels.isError) {
    return <LoadError error={channels.error} />;
  }
  return (
    <Stack gap="lg">
      <EmailChannelForm channel={channels.data.email} />
      <ProviderChannelForm channel="sms" current={channels.data.sms} />
      <ProviderChannelForm channel="payment" current={channels.data.payment} />
      <FaxChannelForm current={channels.data.fax} />
    </Stack>
  );
}
