import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Debtor, Entity } from '../../db/schema.ts';
import { withOrganisation } from '../../db/tenant.ts';
import {
  buildDebtor,
  buildEntity,
  buildInvoice,
} from '../../messaging/testing/message-factories.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

const PUBLIC_URL = 'https://collecta.example';

describe('template preview route', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let cora: LoggedIn;
  let mona: LoggedIn;
  let entity: Entity;
  let otherEntity: Entity;
  let debtor: Debtor;
  let reminderStepId: string;

  const preview = (session: LoggedIn, body: object) =>
    server.app.inject({
      method: 'POST',
      url: '/api/templates/preview',
      headers: session.headers,
      payload: body,
    });
  const base = () => ({ entity: entity.code, debtorId: debtor.id, language: 'fr' });

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    server = await buildTestServer(database, { environment: { PUBLIC_URL } });
    const { organisationId } = await buildOrganisationWithUser(database, {
      slug: 'a',
      username: 'cora',
      group: 'credit-manager',
    });
    await buildOrganisationWithUser(database, { slug: 'b', username: 'mona', group: 'manager' });
    entity = await buildEntity(database, organisationId);
    otherEntity = await buildEntity(database, organisationId);
    debtor = await buildDebtor(database, entity, { name: 'Société <Test> & Fils', language: 'fr' });
    await buildInvoice(database, debtor, { number: 'F-1', amount_minor: 123_456 });
    const step = await withOrganisation(database, organisationId, (trx) =>
      trx
        .selectFrom('steps')
        .select('id')
        .where('template_key', '=', 'reminder-1')
        .executeTakeFirstOrThrow(),
    );
    reminderStepId = step.id;
    cora = await logInAs(server.app, 'cora');
    mona = await logInAs(server.app, 'mona');
  }, 180_000);

  afterAll(async () => {
    await server.app.close();
    await testDatabase.drop();
  });

  it('renders a step as e-mail', async () => {
    const response = await preview(cora, { ...base(), stepId: reminderStepId, channel: 'email' });
    const body = response.json();

    expect(response.statusCode).toBe(200);
    expect(body.channel).toBe('email');
    expect(body.language).toBe('fr');
    expect(body.subject).toBe('Rappel de paiement – Acme Holland B.V.');
    expect(body.html).toContain('Société &lt;Test&gt; &amp; Fils');
    expect(body.html).toContain('src="data:image/png;base64,');
    expect(body.html).toContain('<td>F-1</td>');
    expect(body.text.replace(/[\u00a0\u202f]/g, ' ')).toContain('1 234,56 €');
    expect(body.text).toContain('Société <Test> & Fils');
  });

  it('renders a template key as SMS with segments', async () => {
    const response = await preview(cora, { ...base(), templateKey: 'reminder-2', channel: 'sms' });
    const body = response.json();

    expect(response.statusCode).toBe(200);
    expect(body.channel).toBe('sms');
    expect(body.text).toContain('malgré notre rappel, 1 234,56 € reste impayé');
    expect(body.encoding).toBe('GSM-7');
    expect(body.segments).toBe(2);
    expect(body.characters).toBe([...body.text].length);
  });

  it('renders a letter as PDF', async () => {
    const response = await preview(cora, {
      ...base(),
      templateKey: 'final-notice',
      channel: 'letter',
    });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-language']).toBe('fr');
    expect(response.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('renders a source text instead of the stored one', async () => {
    const response = await preview(cora, {
      ...base(),
      templateKey: 'reminder-1',
      channel: 'sms',
      source: {
        sms: '{{ debtor.name }} [{{ portal.url }}] [{{ portal.login_code }}] [{{ payment_link }}]',
      },
    });

    expect(response.statusCode).toBe(200);
    expect(response.json().text).toBe(`Société <Test> & Fils [${PUBLIC_URL}/portal] [] []`);
  });

  it('escapes a source html part', async () => {
    const response = await preview(cora, {
      ...base(),
      templateKey: 'reminder-1',
      channel: 'email',
      source: { html: '<p>{{ debtor.name }}</p>', subject: 'Re: {{ debtor.name }}' },
    });

    expect(response.json().html).toBe('<p>Société &lt;Test&gt; &amp; Fils</p>');
    expect(response.json().subject).toBe('Re: Société <Test> & Fils');
  });

  it('rejects a source with a Liquid error', async () => {
    const response = await preview(cora, {
      ...base(),
      templateKey: 'reminder-1',
      channel: 'email',
      source: { text: '{% if %}' },
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_input');
    expect(response.json().error.message).toContain('Template rendering failed');
  });

  it('rejects an unknown template key', async () => {
    const response = await preview(cora, { ...base(), templateKey: 'no-such', channel: 'email' });

    expect(response.statusCode).toBe(404);
  });

  it('requires a step or template key', async () => {
    const response = await preview(cora, { ...base(), channel: 'email' });

    expect(response.statusCode).toBe(400);
  });

  it('rejects a debtor of another entity', async () => {
    const response = await preview(cora, {
      ...base(),
      entity: otherEntity.code,
      templateKey: 'reminder-1',
      channel: 'email',
    });

    expect(response.statusCode).toBe(404);
  });

  it('requires dunning.read', async () => {
    const response = await preview(mona, {
      ...base(),
      templateKey: 'reminder-1',
      channel: 'email',
    });

    expect(response.statusCode).toBe(403);
  });

  it('writes the letter in the requested language', async () => {
    const response = await preview(cora, {
      ...base(),
      language: 'de',
      templateKey: 'reminder-1',
      channel: 'letter',
    });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-language']).toBe('de');
  });
});
