import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeTwilio, type FakeTwilio } from './testing/fake-twilio.ts';
import {
  createTwilioMessage,
  TwilioApiError,
  twilioSignature,
  verifyTwilioSignature,
} from './twilio-client.ts';

// The example of Twilio's webhook security documentation, also in twilio-php's RequestValidatorTest.
const EXAMPLE_TOKEN = '12345';
const EXAMPLE_URL = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const EXAMPLE_PARAMETERS = {
  CallSid: 'CA1234567890ABCDE',
  Caller: '+14158675309',
  Digits: '1234',
  From: '+14158675309',
  To: '+18005551212',
};
const EXAMPLE_SIGNATURE = 'RSOYDt4T1cUTdK1PDd93/VVr8B8=';

describe('twilioSignature', () => {
  it('matches the documented example', () => {
    expect(twilioSignature(EXAMPLE_TOKEN, EXAMPLE_URL, EXAMPLE_PARAMETERS)).toBe(EXAMPLE_SIGNATURE);
  });

  it('sorts parameters by name', () => {
    const reversed = Object.fromEntries(Object.entries(EXAMPLE_PARAMETERS).reverse());
    expect(twilioSignature(EXAMPLE_TOKEN, EXAMPLE_URL, reversed)).toBe(EXAMPLE_SIGNATURE);
  });
});

describe('verifyTwilioSignature', () => {
  it('accepts the documented example', () => {
    expect(
      verifyTwilioSignature(EXAMPLE_TOKEN, EXAMPLE_URL, EXAMPLE_PARAMETERS, EXAMPLE_SIGNATURE),
    ).toBe(true);
  });

  it('rejects a changed value, URL or token', () => {
    const changed = { ...EXAMPLE_PARAMETERS, Digits: '9999' };
    expect(verifyTwilioSignature(EXAMPLE_TOKEN, EXAMPLE_URL, changed, EXAMPLE_SIGNATURE)).toBe(
      false,
    );
    expect(
      verifyTwilioSignature(
        EXAMPLE_TOKEN,
        `${EXAMPLE_URL}&x=1`,
        EXAMPLE_PARAMETERS,
        EXAMPLE_SIGNATURE,
      ),
    ).toBe(false);
    expect(verifyTwilioSignature('54321', EXAMPLE_URL, EXAMPLE_PARAMETERS, EXAMPLE_SIGNATURE)).toBe(
      false,
    );
  });

  it('rejects a missing or short signature', () => {
    expect(verifyTwilioSignature(EXAMPLE_TOKEN, EXAMPLE_URL, EXAMPLE_PARAMETERS, undefined)).toBe(
      false,
    );
    expect(verifyTwilioSignature(EXAMPLE_TOKEN, EXAMPLE_URL, EXAMPLE_PARAMETERS, 'abc')).toBe(
      false,
    );
  });
});

describe('createTwilioMessage', () => {
  let twilio: FakeTwilio;

  beforeAll(async () => {
    twilio = await startFakeTwilio();
  });

  afterAll(async () => {
    await twilio?.close();
  });

  const credentials = () => ({ accountSid: twilio.accountSid, authToken: twilio.authToken });

  it('creates a message with the form fields', async () => {
    const created = await createTwilioMessage({
      baseUrl: twilio.baseUrl,
      credentials: credentials(),
      message: {
        to: '+31612345678',
        from: '+3197010203040',
        body: 'Pay € 12,50 now',
        statusCallback: 'https://collecta.example.test/api/webhooks/sms/twilio/x',
      },
    });
    expect(created.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(created.status).toBe('queued');
    expect(created.numSegments).toBe(1);
    const stored = twilio.messages.find((message) => message.sid === created.sid);
    expect(stored?.to).toBe('+31612345678');
    expect(stored?.from).toBe('+3197010203040');
    expect(stored?.body).toBe('Pay € 12,50 now');
    expect(stored?.statusCallback).toBe('https://collecta.example.test/api/webhooks/sms/twilio/x');
  });

  it('sends MessagingServiceSid instead of From', async () => {
    const service = `MG${'a'.repeat(32)}`;
    const created = await createTwilioMessage({
      baseUrl: twilio.baseUrl,
      credentials: credentials(),
      message: { to: '+31612345678', messagingServiceSid: service, body: 'Hello' },
    });
    const stored = twilio.messages.find((message) => message.sid === created.sid);
    expect(stored?.messagingServiceSid).toBe(service);
    expect(stored?.from).toBeNull();
    expect(created.status).toBe('accepted');
  });

  it('throws Twilio code and message on an error', async () => {
    const error = await createTwilioMessage({
      baseUrl: twilio.baseUrl,
      credentials: credentials(),
      message: { to: '0612', from: '+3197010203040', body: 'Hello' },
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TwilioApiError);
    const apiError = error as TwilioApiError;
    expect(apiError.httpStatus).toBe(400);
    expect(apiError.twilioCode).toBe(21211);
    expect(apiError.message).toContain("The 'To' number 0612 is not a valid phone number.");
  });

  it('keeps a wrong auth token out of the error', async () => {
    const error = await createTwilioMessage({
      baseUrl: twilio.baseUrl,
      credentials: { accountSid: twilio.accountSid, authToken: 'wrong-secret-token-value' },
      message: { to: '+31612345678', from: '+3197010203040', body: 'Hello' },
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TwilioApiError);
    expect((error as TwilioApiError).twilioCode).toBe(20003);
    expect((error as TwilioApiError).message).not.toContain('wrong-secret-token-value');
  });
});
