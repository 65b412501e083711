import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../../db/tenant.ts';
import { buildDebtor } from '../../debtors/test-factories.ts';
import {
  buildWizardTenant,
  type WizardTenant,
} from '../../provisioning/testing/build-wizard-tenant.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

interface CategoryJson {
  id: string;
  processId: string;
  name: string;
  names: Record<string, string>;
  pausesDunning: boolean;
  daysToResolve: number;
  dayKind: string;
  departmentId: string | null;
  assigneeUserId: string | null;
  escalationUserId: string | null;
  escalationEmail: string | null;
  portalSelectable: boolean;
  resumeAfterDays: number;
  archived: boolean;
}

interface ProcessJson {
  id: string;
  name: string;
  names: Record<string, string>;
  categories: CategoryJson[];
}

describe('business process routes', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let tenant: WizardTenant;
  let bertId: string;
  const sessions: Record<string, LoggedIn> = {};

  const get = (username: string, url: string) =>
    server.app.inject({
      method: 'GET',
      url,
      headers: { cookie: sessions[username]?.cookie ?? '' },
    });
  const send = (
    method: 'POST' | 'PATCH' | 'DELETE',
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
  const processes = async (): Promise<ProcessJson[]> =>
    (await get('anna', '/api/business-processes')).json();
  const departmentId = async (name: string) =>
    withOrganisation(testDatabase.database, tenant.organisationId, async (trx) => {
      const row = await trx
        .selectFrom('departments')
        .select('id')
        .where('name', '=', name)
        .executeTakeFirstOrThrow();
      return row.id;
    });
  const userId = async (username: string) =>
    withOrganisation(testDatabase.database, tenant.organisationId, async (trx) => {
      const row = await trx
        .selectFrom('users')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirstOrThrow();
      return row.id;
    });

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    server = await buildTestServer(database);
    tenant = await buildWizardTenant(database, {
      slug: 'a',
      entityCodes: ['NL01'],
      users: [
        { username: 'anna', group: 'administrator' },
        { username: 'rita', group: 'credit-manager' },
        { username: 'dirk', group: 'dispute-handler' },
        { username: 'cora', group: 'credit-manager' },
        { username: 'ivan', group: 'credit-manager' },
      ],
    });
    // Cora moves to a group with neither settings.read nor issues.read.
    await withOrganisation(database, tenant.organisationId, async (trx) => {
      const group = await trx
        .insertInto('user_groups')
        .values({
          organisation_id: tenant.organisationId,
          slug: 'reporter',
          name: 'Reporter',
          permissions: ['reports.read'],
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('users')
        .set({ group_id: group.id })
        .where('username', '=', 'cora')
        .execute();
      await trx
        .updateTable('users')
        .set({ is_active: false })
        .where('username', '=', 'ivan')
        .execute();
    });
    const other = await buildOrganisationWithUser(database, { slug: 'b', username: 'bert' });
    bertId = other.userId;
    for (const username of ['anna', 'cora', 'dirk', 'rita', 'bert']) {
      sessions[username] = await logInAs(server.app, username);
    }
  }, 180_000);

  afterAll(async () => {
    await server.app.close();
    await testDatabase.drop();
  });

  it('presets create four processes', async () => {
    const response = await send('POST', 'anna', '/api/business-processes/presets');
    const all = await processes();
    const sales = all.find((process) => process.name === 'Sales');
    const byName = new Map(sales?.categories.map((category) => [category.name, category]));

    expect(response.statusCode).toBe(200);
    expect(response.json().created).toEqual({ processes: 4, categories: 9 });
    expect(all.map((process) => process.name)).toEqual([
      'Delivery',
      'Projects',
      'Sales',
      'Service',
    ]);
    expect(sales?.names).toEqual({ nl: 'Verkoop', en: 'Sales', de: 'Vertrieb', fr: 'Ventes' });
    expect([...byName.keys()]).toEqual([
      'Address wrong',
      'Credit note expected',
      'Invoice not received',
      'Payment arrangement',
      'Price or quantity dispute',
    ]);
    expect(byName.get('Invoice not received')).toMatchObject({
      pausesDunning: false,
      dayKind: 'working',
      portalSelectable: true,
      names: { nl: 'Factuur niet ontvangen', de: 'Rechnung nicht erhalten' },
    });
    expect(byName.get('Payment arrangement')).toMatchObject({
      pausesDunning: true,
      departmentId: null,
      resumeAfterDays: 0,
    });
    expect(byName.get('Credit note expected')?.portalSelectable).toBe(false);
    expect(byName.get('Address wrong')?.departmentId).toBe(await departmentId('Customer Service'));
  });

  it('presets cover the seven meanings in four languages', async () => {
    const categories = (await processes()).flatMap((process) => process.categories);
    const product = categories.find((category) => category.name.startsWith('Product not'));

    expect(new Set(categories.map((category) => category.name))).toEqual(
      new Set([
        'Invoice not received',
        'Product not in accordance with specification',
        'Service not delivered',
        'Price or quantity dispute',
        'Payment arrangement',
        'Credit note expected',
        'Address wrong',
      ]),
    );
    for (const category of categories) {
      expect(Object.keys(category.names).sort(), category.name).toEqual(['de', 'en', 'fr', 'nl']);
      expect(category.names.en, category.name).toBe(category.name);
      expect(category.archived, category.name).toBe(false);
    }
    expect(product).toMatchObject({ dayKind: 'calendar', daysToResolve: 21 });
    expect(product?.departmentId).toBe(await departmentId('Production'));
  });

  it('presets run twice add nothing', async () => {
    const response = await send('POST', 'anna', '/api/business-processes/presets');

    expect(response.json().created).toEqual({ processes: 0, categories: 0 });
    expect(response.json().processes).toHaveLength(4);
  });

  it('process is created with categories', async () => {
    const response = await send('POST', 'anna', '/api/business-processes', {
      name: 'Field work',
      names: { nl: 'Buitendienst' },
      categories: [
        { name: 'Milestone disputed', pausesDunning: true, daysToResolve: 30 },
        {
          name: 'Hours disputed',
          pausesDunning: false,
          daysToResolve: 10,
          departmentId: await departmentId('Sales'),
        },
      ],
    });
    const audit = await withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
      trx
        .selectFrom('audit_events')
        .select('action')
        .where('subject_type', 'in', ['business_process', 'issue_category'])
        .where('actor', '!=', 'test')
        .execute(),
    );

    expect(response.statusCode).toBe(201);
    expect(response.json().names).toEqual({ nl: 'Buitendienst' });
    expect(response.json().categories.map((category: CategoryJson) => category.name)).toEqual([
      'Hours disputed',
      'Milestone disputed',
    ]);
    expect(response.json().categories[0]).toMatchObject({
      names: {},
      dayKind: 'calendar',
      assigneeUserId: null,
      escalationUserId: null,
      escalationEmail: null,
      portalSelectable: false,
      resumeAfterDays: 7,
      archived: false,
    });
    expect(audit.filter((event) => event.action === 'business_process.created')).toHaveLength(5);
  });

  it('process rejects invalid input', async () => {
    const duplicate = await send('POST', 'anna', '/api/business-processes', { name: 'Field work' });
    const badDays = await send('POST', 'anna', '/api/business-processes', {
      name: 'Other',
      categories: [{ name: 'X', pausesDunning: true, daysToResolve: 0 }],
    });
    const badDepartment = await send('POST', 'anna', '/api/business-processes', {
      name: 'Other',
      categories: [
        {
          name: 'X',
          pausesDunning: true,
          daysToResolve: 5,
          departmentId: '00000000-0000-4000-8000-000000000000',
        },
      ],
    });
    const twice = await send('POST', 'anna', '/api/business-processes', {
      name: 'Other',
      categories: [
        { name: 'X', pausesDunning: true, daysToResolve: 5 },
        { name: 'X', pausesDunning: false, daysToResolve: 5 },
      ],
    });

    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.code).toBe('already_exists');
    expect(badDays.statusCode).toBe(400);
    expect(badDays.json().error.message).toContain('daysToResolve');
    expect(badDepartment.statusCode).toBe(400);
    expect(badDepartment.json().error.message).toContain('departmentId');
    expect(twice.statusCode).toBe(400);
    expect((await processes()).map((process) => process.name)).toEqual([
      'Delivery',
      'Field work',
      'Projects',
      'Sales',
      'Service',
    ]);
  });

  it('names must have language codes', async () => {
    const cases = [
      { names: { NL: 'Verkoop' }, expected: 'language code' },
      { names: { nld: 'Verkoop' }, expected: 'language code' },
      { names: { nl: '' }, expected: 'names' },
      { names: { nl: 'x'.repeat(101) }, expected: 'names' },
    ];
    for (const { names, expected } of cases) {
      const response = await send('POST', 'anna', '/api/business-processes', {
        name: 'Named',
        names,
      });

      expect(response.statusCode, JSON.stringify(names)).toBe(400);
      expect(response.json().error.message, JSON.stringify(names)).toContain(expected);
    }
    const category = await send('POST', 'anna', '/api/business-processes', {
      name: 'Named',
      categories: [{ name: 'X', names: { 'e-': 'x' }, pausesDunning: true, daysToResolve: 5 }],
    });

    expect(category.statusCode).toBe(400);
  });

  it('category stores every setting', async () => {
    const field = (await processes()).find((process) => process.name === 'Field work');
    const rita = await userId('rita');
    const dirk = await userId('dirk');
    const added = await send('POST', 'anna', `/api/business-processes/${field?.id}/categories`, {
      name: 'Site not ready',
      names: { nl: 'Locatie niet gereed', de: 'Baustelle nicht bereit' },
      pausesDunning: true,
      daysToResolve: 8,
      dayKind: 'working',
      departmentId: await departmentId('Distribution'),
      assigneeUserId: rita,
      escalationUserId: dirk,
      escalationEmail: 'escalation@example.com',
      portalSelectable: true,
      resumeAfterDays: 0,
    });
    const listed = (await processes())
      .find((process) => process.name === 'Field work')
      ?.categories.find((category) => category.name === 'Site not ready');

    expect(added.statusCode).toBe(201);
    expect(listed).toEqual({
      id: added.json().id,
      processId: field?.id,
      name: 'Site not ready',
      names: { nl: 'Locatie niet gereed', de: 'Baustelle nicht bereit' },
      pausesDunning: true,
      daysToResolve: 8,
      dayKind: 'working',
      departmentId: await departmentId('Distribution'),
      assigneeUserId: rita,
      escalationUserId: dirk,
      escalationEmail: 'escalation@example.com',
      portalSelectable: true,
      resumeAfterDays: 0,
      archived: false,
    });
  });

  it('category rejects invalid settings', async () => {
    const field = (await processes()).find((process) => process.name === 'Field work');
    const category = field?.categories.find((entry) => entry.name === 'Site not ready');
    const cases: Array<[object, string]> = [
      [{ assigneeUserId: await userId('ivan') }, 'assigneeUserId'],
      [{ assigneeUserId: bertId }, 'assigneeUserId'],
      [{ escalationUserId: '00000000-0000-4000-8000-000000000000' }, 'escalationUserId'],
      [{ escalationEmail: 'not an address' }, 'escalationEmail'],
      [{ resumeAfterDays: 91 }, 'resumeAfterDays'],
      [{ resumeAfterDays: -1 }, 'resumeAfterDays'],
      [{ dayKind: 'weekdays' }, 'dayKind'],
      [{ names: { english: 'X' } }, 'language code'],
    ];
    for (const [change, expected] of cases) {
      const response = await send('PATCH', 'anna', `/api/issue-categories/${category?.id}`, change);

      expect(response.statusCode, JSON.stringify(change)).toBe(400);
      expect(response.json().error.message, JSON.stringify(change)).toContain(expected);
    }
    const after = (await processes())
      .find((process) => process.name === 'Field work')
      ?.categories.find((entry) => entry.name === 'Site not ready');

    expect(after).toEqual(category);
  });

  it('category change keeps other fields and is audited', async () => {
    const field = (await processes()).find((process) => process.name === 'Field work');
    const category = field?.categories.find((entry) => entry.name === 'Site not ready');
    const response = await send('PATCH', 'anna', `/api/issue-categories/${category?.id}`, {
      names: { nl: 'Bouwplaats niet gereed' },
      escalationEmail: null,
      archived: true,
    });
    const audit = await withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
      trx
        .selectFrom('audit_events')
        .select(['before', 'after'])
        .where('action', '=', 'issue_category.updated')
        .where('subject_id', '=', category?.id ?? '')
        .executeTakeFirstOrThrow(),
    );

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      ...category,
      names: { nl: 'Bouwplaats niet gereed' },
      escalationEmail: null,
      archived: true,
    });
    expect(audit.before).toMatchObject({
      archived: false,
      escalationEmail: 'escalation@example.com',
    });
    expect(audit.after).toMatchObject({ archived: true, escalationEmail: null });
  });

  it('process names are changed', async () => {
    const field = (await processes()).find((process) => process.name === 'Field work');
    const response = await send('PATCH', 'anna', `/api/business-processes/${field?.id}`, {
      names: { nl: 'Buitenwerk', fr: 'Travaux extérieurs' },
    });
    const empty = await send('PATCH', 'anna', `/api/business-processes/${field?.id}`, {});

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      name: 'Field work',
      names: { nl: 'Buitenwerk', fr: 'Travaux extérieurs' },
    });
    expect(empty.statusCode).toBe(400);
  });

  it('category is added, changed and deleted', async () => {
    const projects = (await processes()).find((process) => process.name === 'Field work');
    const added = await send('POST', 'anna', `/api/business-processes/${projects?.id}/categories`, {
      name: 'Scope changed',
      pausesDunning: true,
      daysToResolve: 20,
    });
    const again = await send('POST', 'anna', `/api/business-processes/${projects?.id}/categories`, {
      name: 'Scope changed',
      pausesDunning: true,
      daysToResolve: 20,
    });
    const changed = await send('PATCH', 'anna', `/api/issue-categories/${added.json().id}`, {
      daysToResolve: 45,
      pausesDunning: false,
    });
    const deleted = await send('DELETE', 'anna', `/api/issue-categories/${added.json().id}`);
    const gone = await send('DELETE', 'anna', `/api/issue-categories/${added.json().id}`);

    expect(added.statusCode).toBe(201);
    expect(again.statusCode).toBe(409);
    expect(changed.json()).toMatchObject({
      name: 'Scope changed',
      daysToResolve: 45,
      pausesDunning: false,
    });
    expect(deleted.statusCode).toBe(204);
    expect(gone.statusCode).toBe(404);
  });

  it('category with issues cannot be deleted', async () => {
    const sales = (await processes()).find((process) => process.name === 'Sales');
    const category = sales?.categories[0];
    await withOrganisation(testDatabase.database, tenant.organisationId, async (trx) => {
      const entity = tenant.entities.NL01;
      if (!entity || !category) {
        throw new Error('entity or category missing');
      }
      const debtor = await buildDebtor(trx, entity, { number: '7001' });
      await trx
        .insertInto('issues')
        .values({
          organisation_id: tenant.organisationId,
          entity_id: entity.id,
          debtor_id: debtor.id,
          category_id: category.id,
          deadline: '2025-04-01',
          opened_by: 'test',
        })
        .execute();
    });
    const response = await send('DELETE', 'anna', `/api/issue-categories/${category?.id}`);
    const process = await send('DELETE', 'anna', `/api/business-processes/${sales?.id}`);

    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('conflict');
    expect(response.json().error.message).toContain('has issues');
    expect(response.json().error.message).toContain('archive it instead');
    expect(process.statusCode).toBe(409);
    expect((await processes()).find((entry) => entry.name === 'Sales')?.categories).toHaveLength(5);
  });

  it('process is renamed and deleted', async () => {
    const field = (await processes()).find((process) => process.name === 'Field work');
    const renamed = await send('PATCH', 'anna', `/api/business-processes/${field?.id}`, {
      name: 'Outdoor work',
    });
    const deleted = await send('DELETE', 'anna', `/api/business-processes/${field?.id}`);

    expect(renamed.json()).toMatchObject({
      name: 'Outdoor work',
      names: { nl: 'Buitenwerk', fr: 'Travaux extérieurs' },
    });
    expect(deleted.statusCode).toBe(204);
    expect((await processes()).map((process) => process.name)).toEqual([
      'Delivery',
      'Projects',
      'Sales',
      'Service',
    ]);
  });

  it('routes require a login', async () => {
    const responses = await Promise.all([
      server.app.inject({ method: 'GET', url: '/api/business-processes' }),
      server.app.inject({ method: 'POST', url: '/api/business-processes', payload: { name: 'X' } }),
      server.app.inject({ method: 'POST', url: '/api/business-processes/presets' }),
    ]);

    expect(responses.map((response) => response.statusCode)).toEqual([401, 401, 401]);
  });

  it('issues.read may list, nothing else', async () => {
    const list = await get('dirk', '/api/business-processes');
    const create = await send('POST', 'dirk', '/api/business-processes', { name: 'Mine' });

    expect(list.statusCode).toBe(200);
    expect(list.json()).toHaveLength(4);
    expect(create.statusCode).toBe(403);
  });

  it('listing needs settings.read or issues.read', async () => {
    const response = await get('cora', '/api/business-processes');

    expect(response.statusCode).toBe(403);
    expect(response.json().error.message).toContain('settings.read or issues.read');
  });

  it('changing needs settings.manage', async () => {
    const sales = (await processes()).find((process) => process.name === 'Sales');
    const presets = await send('POST', 'rita', '/api/business-processes/presets');
    const change = await send(
      'PATCH',
      'rita',
      `/api/issue-categories/${sales?.categories[0]?.id}`,
      {
        daysToResolve: 99,
      },
    );

    expect(presets.statusCode).toBe(403);
    expect(change.statusCode).toBe(403);
  });

  it('other organisation sees and changes nothing', async () => {
    const sales = (await processes()).find((process) => process.name === 'Sales');
    const categoryId = sales?.categories[1]?.id;
    const list = await get('bert', '/api/business-processes');
    const change = await send('PATCH', 'bert', `/api/issue-categories/${categoryId}`, {
      daysToResolve: 99,
    });
    const remove = await send('DELETE', 'bert', `/api/business-processes/${sales?.id}`);
    const addTo = await send('POST', 'bert', `/api/business-processes/${sales?.id}/categories`, {
      name: 'Sneaky',
      pausesDunning: false,
      daysToResolve: 1,
    });

    expect(list.json()).toEqual([]);
    expect(change.statusCode).toBe(404);
    expect(remove.statusCode).toBe(404);
    expect(addTo.statusCode).toBe(404);
    expect((await processes())[0]?.categories[1]?.daysToResolve).not.toBe(99);
  });
});
