import type { FastifyInstance, InjectOptions, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isPermission, PERMISSION_NAMES, type Permission } from '../access/permissions.ts';
import { withOrganisation } from '../db/tenant.ts';
import { buildEntity } from '../debtors/test-factories.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import {
  bearer,
  buildTestUser,
  createRevokedApiKey,
  createTestApiKey,
  createTestGroup,
  permissionsWithout,
  type TestApiKey,
} from './testing/access-fixtures.ts';
import {
  apiRoutes,
  describeRoute,
  exampleUrl,
  openApiPath,
  type RegisteredRoute,
} from './testing/route-table.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from './test-server.ts';

/**
 * Every route the server registers is recorded here: the Fastify factory
 * is wrapped so that its first hook is an onRoute hook. Routes that other
 * modules add later are therefore checked without changes to this file.
 */
const registeredRoutes = vi.hoisted((): RegisteredRoute[] => []);

vi.mock('fastify', async (importOriginal) => {
  const actual = await importOriginal<typeof import('fastify')>();
  const createFastify = actual.default as unknown as (...args: unknown[]) => FastifyInstance;
  const recordingFastify = (...args: unknown[]) => {
    const app = createFastify(...args);
    app.addHook('onRoute', (route: RouteOptions) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) {
        registeredRoutes.push({ method, url: route.url, access: route.config?.access });
      }
    });
    return app;
  };

  return { ...actual, default: recordingFastify };
});

/** Routes without config.access that may stay public; any other public /api route fails the test. */
function isKnownPublicRoute(route: RegisteredRoute): boolean {
  const name = describeRoute(route);
  return (
    name === 'GET /api/health' ||
    name === 'POST /api/session' ||
    route.url === '/api/docs' ||
    route.url.startsWith('/api/docs/') ||
    route.url.startsWith('/api/account/') ||
    route.url.startsWith('/api/webhooks/') ||
    // The customer portal's routes need a portal session instead (see routes/portal.test.ts).
    route.url.startsWith('/api/portal/')
  );
}

interface OpenApiOperation {
  security?: Array<Record<string, string[]>>;
}

interface OpenApiDocument {
  security?: Array<Record<string, string[]>>;
  components?: { securitySchemes?: Record<string, { type: string; scheme?: string }> };
  paths: Record<string, Record<string, OpenApiOperation>>;
}

describe('access of every route', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let organisationId: string;
  let unknownKey: string;
  let revokedKey: TestApiKey;
  /** Per permission: a logged-in user whose group has every other permission. */
  const usersLacking = new Map<Permission, LoggedIn>();
  /** Per permission: a key with every other permission. */
  const keysLacking = new Map<Permission, TestApiKey>();
  /** Per permission: a key with only that permission. */
  const keysWith = new Map<Permission, TestApiKey>();

  const protectedRoutes = () => apiRoutes(registeredRoutes).filter((route) => route.access);
  const permissionRoutes = () =>
    protectedRoutes().flatMap((route) =>
      route.access && isPermission(route.access) ? [{ ...route, permission: route.access }] : [],
    );

  /** Sends the route a request with `headers`; bodies are empty JSON objects. */
  const call = (route: RegisteredRoute, headers: Record<string, string> = {}) => {
    const options: InjectOptions = {
      method: route.method as InjectOptions['method'],
      url: exampleUrl(route.url),
      headers,
    };
    if (route.method !== 'GET' && route.method !== 'DELETE') {
      options.payload = {};
    }
    return server.app.inject(options);
  };

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    server = await buildTestServer(database);
    await server.app.ready();
    ({ organisationId } = await buildOrganisationWithUser(database, {
      slug: 'routes',
      username: 'routes-admin',
    }));
    // With an entity, POST /api/demo rejects the request instead of loading the demo data.
    await withOrganisation(database, organisationId, (trx) => buildEntity(trx, organisationId));

    const usedPermissions = new Set(permissionRoutes().map((route) => route.permission));
    for (const permission of PERMISSION_NAMES.filter((name) => usedPermissions.has(name))) {
      const slug = `without-${permission.replace('.', '-')}`;
      await createTestGroup(database, organisationId, {
        slug,
        permissions: permissionsWithout(permission),
      });
      await buildTestUser(database, organisationId, { username: slug, group: slug });
      usersLacking.set(permission, await logInAs(server.app, slug));
      keysLacking.set(
        permission,
        await createTestApiKey(database, organisationId, permissionsWithout(permission)),
      );
      keysWith.set(permission, await createTestApiKey(database, organisationId, [permission]));
    }
    revokedKey = await createRevokedApiKey(database, organisationId);
    unknownKey = `ck_${'A'.repeat(43)}`;
  }, 300_000);

  afterAll(async () => {
    await server.app.close();
    await testDatabase.drop();
  });

  it('route list is discovered', () => {
    const names = apiRoutes(registeredRoutes).map(describeRoute);

    expect(names).toContain('GET /api/debtors/:id');
    expect(names).toContain('POST /api/api-keys');
    expect(names).toContain('GET /api/audit-events');
    expect(permissionRoutes().length).toBeGreaterThan(10);
  });

  it('public routes are only the known ones', () => {
    const unexpected = apiRoutes(registeredRoutes)
      .filter((route) => !route.access && !isKnownPublicRoute(route))
      .map(describeRoute);

    expect(unexpected).toEqual([]);
  });

  it('protected routes return 401 without credentials', async () => {
    const failures: string[] = [];
    for (const route of protectedRoutes()) {
      const response = await call(route);
      if (response.statusCode !== 401 || response.json().error.code !== 'unauthenticated') {
        failures.push(`${describeRoute(route)}: ${response.statusCode}`);
      }
    }

    expect(failures).toEqual([]);
  });

  it('protected routes return 401 for unknown and revoked keys', async () => {
    const failures: string[] = [];
    for (const route of protectedRoutes()) {
      for (const [label, key] of [
        ['unknown', unknownKey],
        ['revoked', revokedKey.key],
      ] as const) {
        const response = await call(route, bearer(key));
        if (response.statusCode !== 401) {
          failures.push(`${describeRoute(route)} with ${label} key: ${response.statusCode}`);
        }
      }
    }

    expect(failures).toEqual([]);
  });

  it('malformed Authorization header returns 401', async () => {
    const response = await server.app.inject({
      method: 'GET',
      url: '/api/entities',
      headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
    });

    expect(response.statusCode).toBe(401);
    expect(response.json().error.message).toContain('Bearer');
  });

  it('users lacking the permission get 403', async () => {
    const failures: string[] = [];
    for (const route of permissionRoutes()) {
      const user = usersLacking.get(route.permission);
      const response = user ? await call(route, user.headers) : undefined;
      if (response?.statusCode !== 403 || response.json().error.code !== 'forbidden') {
        failures.push(`${describeRoute(route)} (${route.permission}): ${response?.statusCode}`);
      }
    }

    expect(failures).toEqual([]);
  });

  it('keys lacking the permission get 403', async () => {
    const failures: string[] = [];
    for (const route of permissionRoutes()) {
      const key = keysLacking.get(route.permission);
      const response = key ? await call(route, bearer(key.key)) : undefined;
      if (response?.statusCode !== 403 || response.json().error.code !== 'forbidden') {
        failures.push(`${describeRoute(route)} (${route.permission}): ${response?.statusCode}`);
      }
    }

    expect(failures).toEqual([]);
  });

  it('keys with the permission pass authentication', async () => {
    const failures: string[] = [];
    for (const route of permissionRoutes()) {
      const key = keysWith.get(route.permission);
      const response = key ? await call(route, bearer(key.key)) : undefined;
      if (!response || response.statusCode === 401 || response.statusCode === 403) {
        failures.push(
          `${describeRoute(route)} (${route.permission}): ${response?.statusCode} ${response?.body}`,
        );
      }
    }

    expect(failures).toEqual([]);
  });

  it('any key passes authenticated routes', async () => {
    const key =
      keysWith.get('reports.read') ??
      (await createTestApiKey(testDatabase.database, organisationId, ['reports.read']));
    const failures: string[] = [];
    for (const route of protectedRoutes().filter((item) => item.access === 'authenticated')) {
      const response = await call(route, bearer(key.key));
      if (response.statusCode === 401) {
        failures.push(`${describeRoute(route)}: ${response.statusCode}`);
      }
    }

    expect(failures).toEqual([]);
  });

  it('keys get 403 on session-only routes', async () => {
    const key = await createTestApiKey(testDatabase.database, organisationId, PERMISSION_NAMES);
    const failures: string[] = [];
    for (const route of protectedRoutes().filter((item) => item.access === 'session')) {
      const response = await call(route, bearer(key.key));
      if (response.statusCode !== 403) {
        failures.push(`${describeRoute(route)}: ${response.statusCode}`);
      }
    }

    expect(failures).toEqual([]);
  });

  it('OpenAPI lists the bearer scheme', async () => {
    const document = (
      await server.app.inject({ method: 'GET', url: '/api/docs/json' })
    ).json() as OpenApiDocument;
    const schemes = Object.values(document.components?.securitySchemes ?? {});

    expect(schemes).toContainEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
  });

  it('OpenAPI gives every protected operation security', async () => {
    const document = (
      await server.app.inject({ method: 'GET', url: '/api/docs/json' })
    ).json() as OpenApiDocument;
    const schemes = document.components?.securitySchemes ?? {};
    const bearerNames = Object.keys(schemes).filter((name) => schemes[name]?.scheme === 'bearer');
    const failures: string[] = [];
    for (const route of protectedRoutes()) {
      const operation = document.paths[openApiPath(route.url)]?.[route.method.toLowerCase()];
      const security = operation?.security ?? document.security ?? [];
      const names = security.flatMap((requirement) => Object.keys(requirement));
      if (!operation) {
        failures.push(`${describeRoute(route)}: not in the OpenAPI document`);
      } else if (names.length === 0 || names.some((name) => !(name in schemes))) {
        failures.push(`${describeRoute(route)}: security ${JSON.stringify(security)}`);
      } else if (route.access !== 'session' && !names.some((name) => bearerNames.includes(name))) {
        failures.push(`${describeRoute(route)}: no bearer scheme in ${JSON.stringify(security)}`);
      }
    }

    expect(failures).toEqual([]);
  });
});
