import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../../db/tenant.ts';
import {
  insertDebtor,
  insertInvoice,
  readMessages,
  runOn,
  type TestTenant,
} from '../../dunning/test-factories.ts';
import { buildWizardTenant } from '../../provisioning/testing/build-wizard-tenant.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

interface StepJson {
  id?: string;
  name: string;
  dayOffset: number;
  channel: string;
  templateKey: string;
  minimumAmount: string;
  minimumAmountMinor?: number;
  minDaysSincePrevious: number;
  conditions: { debtorKind?: string; languages?: string[] };
  scope: string;
  addsCollectionCosts: boolean;
  addsInterest: boolean;
  attachInvoiceCopies: boolean;
  attachLetter: boolean;
  feeFixed: string;
  feeFixedMinor?: number;
  feePercent: string;
  feeBasisPoints?: number;
  interestBasis: string;
  contractualInterestPercent: string | null;
  contractualInterestBasisPoints?: number | null;
  isFourteenDayLetter: boolean;
}

interface ProfileJson {
  id: string;
  name: string;
  stricterProfileId: string | null;
  brokenPromisesThreshold: number | null;
  steps: Array<StepJson & { id: string }>;
  segments: Array<{ id: string; name: string }>;
}

/** Builds a new e-mail step with the defaults of the editor. */
function newStep(name: string, dayOffset: number, overrides: Partial<StepJson> = {}): StepJson {
  return {
    name,
    dayOffset,
    channel: 'email',
    templateKey: 'reminder-1',
    minimumAmount: '0.00',
    minDaysSincePrevious: 0,
    conditions: {},
    scope: 'debtor',
    addsCollectionCosts: false,
    addsInterest: false,
    attachInvoiceCopies: false,
    attachLetter: false,
    feeFixed: '0.00',
    feePercent: '0.00',
    interestBasis: 'statutory',
    contractualInterestPercent: null,
    isFourteenDayLetter: false,
    ...overrides,
  };
}

/** Builds the PUT body that keeps a profile as it is. */
function bodyOf(profile: ProfileJson) {
  return {
    name: profile.name,
    stricterProfileId: profile.stricterProfileId,
    brokenPromisesThreshold: profile.brokenPromisesThreshold,
    steps: profile.steps.map(
      ({
        minimumAmountMinor: _minor,
        feeFixedMinor: _feeMinor,
        feeBasisPoints: _feeBasisPoints,
        contractualInterestBasisPoints: _interestBasisPoints,
        ...step
      }) => step,
    ),
  };
}

describe('profile editing routes', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let organisationId = '';
  let tenant: TestTenant;
  const sessions: Record<string, LoggedIn> = {};

  const get = (username: string, url: string) =>
    server.app.inject({
      method: 'GET',
      url,
      headers: { cookie: sessions[username]?.cookie ?? '' },
    });
  const send = (
    method: 'POST' | 'PUT' | 'DELETE',
    username: string,
    url: string,
    payload?: object,
  ) =>
    server.app.inject({
      method,
      url,
      headers: sessions[username]?.headers ?? {},
      ...(payload ? { payload } : {}),
    });
  const profiles = async (): Promise<ProfileJson[]> => (await get('anna', '/api/profiles')).json();
  const profileNamed = async (name: string): Promise<ProfileJson> => {
    const profile = (await profiles()).find((entry) => entry.name === name);
    if (!profile) {
      throw new Error(`profile ${name} is missing`);
    }
    return profile;
  };
  const createProfile = async (payload: object): Promise<ProfileJson> => {
    const response = await send('POST', 'anna', '/api/profiles', payload);
    if (response.statusCode !== 201) {
      throw new Error(`creating ${JSON.stringify(payload)} failed: ${response.body}`);
    }
    return response.json();
  };
  const put = (profile: ProfileJson, changes: object, username = 'anna') =>
    send('PUT', username, `/api/profiles/${profile.id}`, { ...bodyOf(profile), ...changes });
  const stepRows = (profileId: string) =>
    withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx
        .selectFrom('steps')
        .select(['id', 'name', 'day_offset', 'removed_at'])
        .where('profile_id', '=', profileId)
        .orderBy('name')
        .execute(),
    );

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    server = await buildTestServer(database);
    const built = await buildWizardTenant(database, {
      slug: 'a',
      live: true,
      entityCodes: ['E1'],
      users: [
        { username: 'anna', group: 'administrator' },
        { username: 'cora', group: 'credit-manager' },
        { username: 'mona', group: 'manager' },
        { username: 'lena', group: 'administrator', entity: 'E1' },
      ],
    });
    organisationId = built.organisationId;
    const entity = built.entities.E1;
    if (!entity) {
      throw new Error('entity E1 is missing');
    }
    tenant = { organisationId, entity };
    await buildOrganisationWithUser(database, { slug: 'b', username: 'bert' });
    for (const username of ['anna', 'cora', 'mona', 'lena', 'bert']) {
      sessions[username] = await logInAs(server.app, username);
    }
  }, 180_000);

  afterAll(async () => {
    await server.app.close();
    await testDatabase.drop();
  });

  it('list shows step fields and segments', async () => {
    const standard = await profileNamed('Standard');

    expect(standard.stricterProfileId).toBeNull();
    expect(standard.brokenPromisesThreshold).toBeNull();
    expect(standard.segments.map((segment) => segment.name)).toEqual(['Default']);
    expect(standard.steps[0]).toEqual({
      id: expect.any(String),
      ...newStep('Courtesy reminder', -3, { templateKey: 'courtesy' }),
      minimumAmountMinor: 0,
      feeFixedMinor: 0,
      feeBasisPoints: 0,
      contractualInterestBasisPoints: null,
    });
  });

  it('templates are listed per channel', async () => {
    const response = await get('cora', '/api/profile-templates');
    const byChannel = Object.fromEntries(
      response
        .json()
        .map((entry: { channel: string; templateKeys: string[] }) => [
          entry.channel,
          entry.templateKeys,
        ]),
    );

    expect(response.statusCode).toBe(200);
    expect(byChannel.email).toContain('reminder-1');
    expect(byChannel.letter).toContain('final-notice');
    expect(byChannel.sms).toContain('reminder-2');
    expect(byChannel.call).toEqual(['call']);
  });

  it('empty profile and copy are created', async () => {
    const standard = await profileNamed('Standard');
    const empty = await createProfile({ name: 'Empty' });
    const copy = await createProfile({ name: 'Copy of Standard', copyOf: standard.id });
    const unnamed = await send('POST', 'anna', '/api/profiles', {});
    const both = await send('POST', 'anna', '/api/profiles', {
      preset: 'strict',
      copyOf: standard.id,
    });
    const unknown = await send('POST', 'anna', '/api/profiles', {
      name: 'Lost',
      copyOf: '00000000-0000-4000-8000-000000000000',
    });

    expect(empty.steps).toEqual([]);
    expect(copy.steps.map((step) => [step.name, step.dayOffset])).toEqual(
      standard.steps.map((step) => [step.name, step.dayOffset]),
    );
    expect(copy.steps.map((step) => step.id)).not.toContain(standard.steps[0]?.id);
    expect(copy.segments).toEqual([]);
    expect(unnamed.statusCode).toBe(400);
    expect(unnamed.json().error.message).toContain('name');
    expect(both.statusCode).toBe(400);
    expect(unknown.statusCode).toBe(404);
  });

  it('update keeps ids of kept steps', async () => {
    const profile = await createProfile({ name: 'Edited', preset: 'gentle' });
    const [courtesy, first, second, call, final] = profile.steps;
    const response = await put(profile, {
      name: 'Edited again',
      steps: [
        { ...courtesy, name: 'Friendly note', dayOffset: -7 },
        {
          ...first,
          minimumAmount: '25.50',
          scope: 'invoice',
          addsInterest: true,
          attachLetter: true,
          conditions: { debtorKind: 'b2c', languages: ['NL', 'nl', 'de'] },
        },
        { ...call, minDaysSincePrevious: 5 },
        { ...final, addsCollectionCosts: true },
        newStep('Text message', 45, { channel: 'sms', templateKey: 'final-notice' }),
      ],
    });
    const updated: ProfileJson = response.json();
    const rows = await stepRows(profile.id);

    expect(response.statusCode).toBe(200);
    expect(updated.name).toBe('Edited again');
    expect(updated.steps.map((step) => [step.id, step.name, step.dayOffset])).toEqual([
      [courtesy?.id, 'Friendly note', -7],
      [first?.id, 'First reminder', 14],
      [call?.id, 'Phone call', 40],
      [expect.any(String), 'Text message', 45],
      [final?.id, 'Final notice', 50],
    ]);
    expect(updated.steps[1]).toMatchObject({
      minimumAmount: '25.50',
      minimumAmountMinor: 2550,
      scope: 'invoice',
      addsInterest: true,
      attachLetter: true,
      conditions: { debtorKind: 'b2c', languages: ['nl', 'de'] },
    });
    expect(updated.steps[2]?.minDaysSincePrevious).toBe(5);
    expect(updated.steps[4]?.addsCollectionCosts).toBe(true);
    expect(rows.map((row) => row.id)).not.toContain(second?.id);
    expect(rows).toHaveLength(5);
  });

  it('update writes an audit event', async () => {
    const profile = await profileNamed('Edited again');
    await put(profile, { name: 'Audited' });
    const event = await withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx
        .selectFrom('audit_events')
        .select(['before', 'after', 'actor'])
        .where('action', '=', 'succession_profile.updated')
        .where('subject_id', '=', profile.id)
        .orderBy('occurred_at', 'desc')
        .executeTakeFirstOrThrow(),
    );

    expect(event.before).toMatchObject({ name: 'Edited again', steps: expect.any(Array) });
    expect(event.after).toMatchObject({ name: 'Audited', deletedStepIds: [], removedStepIds: [] });
  });

  it('two steps swap their days', async () => {
    const profile = await createProfile({ name: 'Swapped', preset: 'strict' });
    const [courtesy, first, second, ...rest] = profile.steps;
    const response = await put(profile, {
      steps: [courtesy, { ...first, dayOffset: 10 }, { ...second, dayOffset: 3 }, ...rest],
    });
    const updated: ProfileJson = response.json();

    expect(response.statusCode).toBe(200);
    expect(updated.steps.slice(0, 3).map((step) => [step.id, step.dayOffset])).toEqual([
      [courtesy?.id, -3],
      [second?.id, 3],
      [first?.id, 10],
    ]);
  });

  it('update rejects invalid steps', async () => {
    const profile = await profileNamed('Swapped');
    const response = await put(profile, {
      steps: [
        newStep('One', 1, { templateKey: 'no-such-template' }),
        newStep('Two', 1),
        newStep('Three', 3, { minimumAmount: '12,5' }),
        newStep('Four', 4, { channel: 'letter', templateKey: 'final-notice', attachLetter: true }),
        { ...newStep('Five', 5), id: '00000000-0000-4000-8000-000000000000' },
      ],
    });
    const fields = response
      .json()
      .error.details.fields.map((entry: { field: string }) => entry.field);

    expect(response.statusCode).toBe(400);
    expect(fields).toEqual([
      'steps.0.templateKey',
      'steps.1.dayOffset',
      'steps.2.minimumAmount',
      'steps.3.attachLetter',
      'steps.4.id',
    ]);
    expect(response.json().error.message).toContain('Step 1 ("One"): template "no-such-template"');
    expect(response.json().error.message).toContain('Step 2 ("Two"): day 1 has step 1 already');
    expect((await profileNamed('Swapped')).steps).toEqual(profile.steps);
  });

  it('update rejects out-of-range values', async () => {
    const profile = await profileNamed('Swapped');
    const response = await put(profile, {
      steps: [
        newStep('Far', 4000),
        newStep('', 5),
        newStep('Wait', 6, { minDaysSincePrevious: 400 }),
      ],
    });
    const fields = response
      .json()
      .error.details.fields.map((entry: { field: string }) => entry.field);

    expect(response.statusCode).toBe(400);
    expect(fields).toContain('body.steps.0.dayOffset');
    expect(fields).toContain('body.steps.1.name');
    expect(fields).toContain('body.steps.2.minDaysSincePrevious');
  });

  it('step fees and interest round trip', async () => {
    const profile = await createProfile({ name: 'Charges' });
    const response = await put(profile, {
      steps: [
        newStep('Contractual', 5, {
          feeFixed: '12.50',
          feePercent: '2.5',
          addsInterest: true,
          interestBasis: 'contractual',
          contractualInterestPercent: '8.25',
        }),
        newStep('Letter', 20, {
          channel: 'letter',
          templateKey: 'fourteen-day-letter',
          contractualInterestPercent: '5',
          isFourteenDayLetter: true,
        }),
      ],
    });
    const saved = response.json() as ProfileJson;
    const rows = await withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx
        .selectFrom('steps')
        .select([
          'name',
          'fee_fixed_minor',
          'fee_basis_points',
          'interest_basis',
          'contractual_interest_basis_points',
          'is_fourteen_day_letter',
        ])
        .where('profile_id', '=', profile.id)
        .orderBy('day_offset')
        .execute(),
    );
    const copy = await createProfile({ name: 'Copy of Charges', copyOf: profile.id });

    expect(response.statusCode, response.body).toBe(200);
    expect(saved.steps[0]).toMatchObject({
      feeFixed: '12.50',
      feeFixedMinor: 1250,
      feePercent: '2.50',
      feeBasisPoints: 250,
      interestBasis: 'contractual',
      contractualInterestPercent: '8.25',
      contractualInterestBasisPoints: 825,
      isFourteenDayLetter: false,
    });
    expect(saved.steps[1]).toMatchObject({
      feeFixed: '0.00',
      feePercent: '0.00',
      interestBasis: 'statutory',
      contractualInterestPercent: null,
      isFourteenDayLetter: true,
    });
    expect(rows.map((row) => ({ ...row, fee_fixed_minor: Number(row.fee_fixed_minor) }))).toEqual([
      {
        name: 'Contractual',
        fee_fixed_minor: 1250,
        fee_basis_points: 250,
        interest_basis: 'contractual',
        contractual_interest_basis_points: 825,
        is_fourteen_day_letter: false,
      },
      {
        name: 'Letter',
        fee_fixed_minor: 0,
        fee_basis_points: 0,
        interest_basis: 'statutory',
        contractual_interest_basis_points: null,
        is_fourteen_day_letter: true,
      },
    ]);
    expect(copy.steps.map(({ id: _id, ...step }) => step)).toEqual(
      saved.steps.map(({ id: _id, ...step }) => step),
    );
    expect((await put(saved, {})).json().steps).toEqual(saved.steps);
  });

  it('step fees and interest are validated', async () => {
    const profile = await profileNamed('Charges');
    const response = await put(profile, {
      steps: [
        newStep('Negative fee', 1, { feeFixed: '-1.00' }),
        newStep('Text fee', 2, { feeFixed: 'ten' }),
        newStep('Three decimals', 3, { feeFixed: '1.005' }),
        newStep('Large percent', 4, { feePercent: '100.01' }),
        newStep('Fine percent', 5, { feePercent: '2.555' }),
        newStep('No rate', 6, { interestBasis: 'contractual' }),
        newStep('Rate too high', 7, {
          interestBasis: 'contractual',
          contractualInterestPercent: '101',
        }),
      ],
    });
    const error = response.json().error;
    const fields = error.details.fields.map((entry: { field: string }) => entry.field);

    expect(response.statusCode).toBe(400);
    expect(fields).toEqual([
      'steps.0.feeFixed',
      'steps.1.feeFixed',
      'steps.2.feeFixed',
      'steps.3.feePercent',
      'steps.4.feePercent',
      'steps.5.contractualInterestPercent',
      'steps.6.contractualInterestPercent',
    ]);
    expect(error.message).toContain('Step 1 ("Negative fee"): "-1.00" is negative; use 0 or more.');
    expect(error.message).toContain('Step 4 ("Large percent"): "100.01" is not a percentage');
    expect(error.message).toContain('Step 6 ("No rate"): missing; a contractual interest basis');
    expect((await profileNamed('Charges')).steps).toEqual(profile.steps);
  });

  it('step fee fields reject wrong types', async () => {
    const profile = await profileNamed('Charges');
    const response = await put(profile, {
      steps: [
        { ...newStep('Number fee', 1), feeFixed: 12 },
        { ...newStep('Odd basis', 2), interestBasis: 'bank' },
      ],
    });
    const fields = response
      .json()
      .error.details.fields.map((entry: { field: string }) => entry.field);

    expect(response.statusCode).toBe(400);
    expect(fields).toContain('body.steps.0.feeFixed');
    expect(fields).toContain('body.steps.1.interestBasis');
  });

  it('consumer preset marks fourteen-day letter', async () => {
    const created = await createProfile({ preset: 'b2c-nl', name: 'Consumers preset' });
    const marked = created.steps.filter((step) => step.isFourteenDayLetter);

    expect(marked.map((step) => step.templateKey)).toEqual(['fourteen-day-letter']);
    expect(created.steps.length).toBeGreaterThan(1);
  });

  it('sms step needs an sms template', async () => {
    const profile = await createProfile({ name: 'Texts' });
    const unknown = await put(profile, {
      steps: [newStep('Text', 1, { channel: 'sms', templateKey: 'call' })],
    });
    const call = await put(profile, {
      steps: [newStep('Ring', 1, { channel: 'call', templateKey: 'call' })],
    });

    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('sms channel; use one of');
    expect(call.statusCode).toBe(200);
  });

  it('escalation is checked', async () => {
    const gentle = await createProfile({ name: 'Escalating', preset: 'gentle' });
    const strict = await profileNamed('Swapped');
    const halfSet = await put(gentle, {
      stricterProfileId: strict.id,
      brokenPromisesThreshold: null,
    });
    const itself = await put(gentle, { stricterProfileId: gentle.id, brokenPromisesThreshold: 2 });
    const valid = await put(gentle, { stricterProfileId: strict.id, brokenPromisesThreshold: 2 });
    const cycle = await put(strict, { stricterProfileId: gentle.id, brokenPromisesThreshold: 3 });
    const tooMany = await put(gentle, {
      stricterProfileId: strict.id,
      brokenPromisesThreshold: 51,
    });

    expect(halfSet.statusCode).toBe(400);
    expect(halfSet.json().error.message).toContain('or neither');
    expect(itself.statusCode).toBe(400);
    expect(itself.json().error.message).toContain('its own stricter profile');
    expect(valid.statusCode).toBe(200);
    expect(valid.json()).toMatchObject({
      stricterProfileId: strict.id,
      brokenPromisesThreshold: 2,
    });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().error.message).toContain('cycle');
    expect(tooMany.statusCode).toBe(400);
  });

  it('removed reached step keeps its row', async () => {
    const profile = await createProfile({ name: 'Reached' });
    const withSteps: ProfileJson = (
      await put(profile, {
        steps: [newStep('Early', 5), newStep('Late', 20, { templateKey: 'reminder-2' })],
      })
    ).json();
    const [early, late] = withSteps.steps;
    await send('POST', 'anna', '/api/segments', {
      name: 'Everyone',
      priority: 500,
      isDefault: true,
      profileId: profile.id,
    });
    await withOrganisation(testDatabase.database, organisationId, async (trx) => {
      const reached = await insertDebtor(trx, tenant, { number: 'D1' });
      const later = await insertDebtor(trx, tenant, { number: 'D2' });
      await insertInvoice(trx, tenant, {
        debtorId: reached,
        number: 'I1',
        dueDate: '2024-02-01',
        amount: '100.00',
      });
      await insertInvoice(trx, tenant, {
        debtorId: later,
        number: 'I2',
        dueDate: '2024-02-08',
        amount: '100.00',
      });
    });
    await runOn(testDatabase.database, tenant, '2024-02-06');

    const response = await put(withSteps, { steps: [late] });
    const rows = await stepRows(profile.id);
    // D2 reaches day 5 on 2024-02-13, the day of the removed step.
    await runOn(testDatabase.database, tenant, '2024-02-13');
    await runOn(testDatabase.database, tenant, '2024-02-21');
    const messages = await readMessages(testDatabase.database, tenant);

    expect(response.statusCode).toBe(200);
    expect(response.json().steps.map((step: StepJson) => step.id)).toEqual([late?.id]);
    expect(response.json().segments.map((segment: { name: string }) => segment.name)).toEqual([
      'Everyone',
    ]);
    expect(rows.find((row) => row.id === early?.id)?.removed_at).toBeInstanceOf(Date);
    expect(rows.find((row) => row.id === late?.id)?.removed_at).toBeNull();
    expect(
      messages.map((message) => [message.debtorNumber, message.step, message.runDate]),
    ).toEqual([
      ['D1', 'Early', '2024-02-06'],
      ['D1', 'Late', '2024-02-21'],
    ]);
  });

  it('removed step frees its day', async () => {
    const profile = await profileNamed('Reached');
    const response = await put(profile, {
      steps: [...bodyOf(profile).steps, newStep('Early again', 5)],
    });

    expect(response.statusCode).toBe(200);
    expect(response.json().steps.map((step: StepJson) => step.name)).toEqual([
      'Early again',
      'Late',
    ]);
  });

  it('entity-limited user cannot change profiles', async () => {
    const profile = await createProfile({ name: 'Limited', preset: 'strict' });
    const [dropped, ...kept] = profile.steps;
    const response = await put(profile, { steps: kept }, 'lena');
    const rows = await stepRows(profile.id);

    // A profile serves debtors of every entity, so only users of every entity may change it.
    expect(response.statusCode).toBe(403);
    expect(rows).toHaveLength(profile.steps.length);
    expect(rows.find((row) => row.id === dropped?.id)?.removed_at).toBeNull();
  });

  it('update rejects a taken name', async () => {
    const profile = await profileNamed('Limited');
    const response = await put(profile, { name: 'Standard' });

    expect(response.statusCode).toBe(409);
    expect(response.json().error.message).toContain('"Standard" exists already');
  });

  it('delete is rejected while in use', async () => {
    const inSegment = await profileNamed('Reached');
    const escalatedTo = await profileNamed('Swapped');
    const usedBySegment = await send('DELETE', 'anna', `/api/profiles/${inSegment.id}`);
    const usedForEscalation = await send('DELETE', 'anna', `/api/profiles/${escalatedTo.id}`);

    expect(usedBySegment.statusCode).toBe(409);
    expect(usedBySegment.json().error.message).toContain('segment "Everyone"');
    expect(usedForEscalation.statusCode).toBe(409);
    expect(usedForEscalation.json().error.message).toContain('"Escalating"');
  });

  it('delete is rejected after invoices reached it', async () => {
    const reached = await profileNamed('Reached');
    const standard = await profileNamed('Standard');
    const segment = reached.segments[0];
    await send('POST', 'anna', '/api/segments', {
      name: 'Everyone else',
      priority: 600,
      isDefault: true,
      profileId: standard.id,
    });
    await send('DELETE', 'anna', `/api/segments/${segment?.id}`);
    const response = await send('DELETE', 'anna', `/api/profiles/${reached.id}`);

    expect(response.statusCode).toBe(409);
    expect(response.json().error.message).toContain('dunning history');
    expect(await stepRows(reached.id)).toHaveLength(3);
  });

  it('unused profile is deleted', async () => {
    const empty = await profileNamed('Empty');
    const response = await send('DELETE', 'anna', `/api/profiles/${empty.id}`);
    const again = await send('DELETE', 'anna', `/api/profiles/${empty.id}`);

    expect(response.statusCode).toBe(204);
    expect((await profiles()).map((profile) => profile.name)).not.toContain('Empty');
    expect(again.statusCode).toBe(404);
  });

  it('routes require a login', async () => {
    const id = (await profileNamed('Standard')).id;
    const responses = await Promise.all(
      [
        ['GET', '/api/profile-templates'],
        ['PUT', `/api/profiles/${id}`],
        ['DELETE', `/api/profiles/${id}`],
      ].map(([method, url]) =>
        server.app.inject({
          method: method as 'GET' | 'PUT' | 'DELETE',
          url: url ?? '',
          payload: {},
        }),
      ),
    );

    expect(responses.map((response) => response.statusCode)).toEqual([401, 401, 401]);
  });

  it('changing needs settings.manage', async () => {
    const standard = await profileNamed('Standard');
    const change = await put(standard, { name: 'Mine' }, 'cora');
    const remove = await send('DELETE', 'cora', `/api/profiles/${standard.id}`);
    const copy = await send('POST', 'cora', '/api/profiles', { name: 'Mine', copyOf: standard.id });
    const templates = await get('mona', '/api/profile-templates');

    expect(change.statusCode).toBe(403);
    expect(remove.statusCode).toBe(403);
    expect(copy.statusCode).toBe(403);
    expect(templates.statusCode).toBe(403);
    expect((await profileNamed('Standard')).name).toBe('Standard');
  });

  it('other organisation sees and changes nothing', async () => {
    const standard = await profileNamed('Standard');
    const change = await put(standard, { name: 'Taken' }, 'bert');
    const remove = await send('DELETE', 'bert', `/api/profiles/${standard.id}`);
    const copy = await send('POST', 'bert', '/api/profiles', {
      name: 'Taken',
      copyOf: standard.id,
    });
    const own = (await get('bert', '/api/profiles')).json() as ProfileJson[];
    const escalate = await send('PUT', 'bert', `/api/profiles/${own[0]?.id}`, {
      ...bodyOf(own[0] as ProfileJson),
      stricterProfileId: standard.id,
      brokenPromisesThreshold: 2,
    });

    expect(change.statusCode).toBe(404);
    expect(remove.statusCode).toBe(404);
    expect(copy.statusCode).toBe(404);
    expect(escalate.statusCode).toBe(400);
    expect(own.map((profile) => profile.name)).toEqual(['Standard']);
    expect((await profileNamed('Standard')).name).toBe('Standard');
  });
});
