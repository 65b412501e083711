import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  testDatabaseKind,
  type TestDatabase,
} from '../testing/test-database.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type TestServer,
} from './test-server.ts';

/** Routes that need no session; every other /api route must return 401 without one. */
const publicRoutes = new Set([
  'GET /api/health',
  'POST /api/session',
  'GET /api/account/tokens/{token}',
  'POST /api/account/invitation',
  'POST /api/account/password-reset',
  'POST /api/account/forgot-password',
  // The SMS provider calls this; it checks the provider's signature instead of a session.
  'POST /api/webhooks/sms/twilio/{organisationId}',
  // Payment providers call these, and debtors open payment links, without a session.
  'POST /api/webhooks/payments/mollie/{organisationId}',
  'POST /api/webhooks/payments/stripe/{organisationId}',
  'GET /pay/{token}',
  // Debtors open their portal link without a session; it starts a portal session.
  'GET /portal/{token}',
]);

interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
}

describe('HTTP server', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    server = await buildTestServer(testDatabase.database);
    await buildOrganisationWithUser(testDatabase.database, { slug: 'a', username: 'anna' });
  });

  afterAll(async () => {
    await server.app.close();
    await testDatabase.drop();
  });

  const openApi = async () =>
    (await server.app.inject({ method: 'GET', url: '/api/docs/json' })).json() as OpenApiDocument;

  it('sends no HSTS or upgrade-insecure-requests on an http:// address', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/health' });

    expect(response.headers['strict-transport-security']).toBeUndefined();
    expect(String(response.headers['content-security-policy'])).not.toContain(
      'upgrade-insecure-requests',
    );
  });

  it('sends HSTS and upgrade-insecure-requests on an https:// address', async () => {
    const secure = await buildTestServer(testDatabase.database, {
      environment: { PUBLIC_URL: 'https://collecta.example.com' },
    });
    try {
      const response = await secure.app.inject({ method: 'GET', url: '/api/health' });

      expect(response.headers['strict-transport-security']).toContain('max-age=');
      expect(String(response.headers['content-security-policy'])).toContain(
        'upgrade-insecure-requests',
      );
    } finally {
      await secure.app.close();
    }
  });

  it('health returns ok and database kind', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/health' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', database: testDatabaseKind() });
  });

  it('OpenAPI lists the routes', async () => {
    const document = await openApi();

    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/health',
        '/api/session',
        '/api/entities',
        '/api/debtors',
        '/api/debtors/{id}',
      ]),
    );
    expect(Object.keys(document.paths['/api/session'] ?? {}).sort()).toEqual([
      'delete',
      'get',
      'post',
    ]);
  });

  it('OpenAPI describes responses from the zod schemas', async () => {
    const document = await openApi();
    const health = document.paths['/api/health']?.get as {
      responses: Record<string, { content: Record<string, { schema: unknown }> }>;
    };

    expect(health.responses['200']?.content['application/json']?.schema).toMatchObject({
      properties: { status: { enum: ['ok'] }, database: { enum: ['pglite', 'postgres'] } },
    });
  });

  it('docs UI returns HTML', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/docs/' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
  });

  it('non-public routes return 401 without session', async () => {
    const document = await openApi();
    const checked: string[] = [];
    for (const [openApiPath, operations] of Object.entries(document.paths)) {
      const url = openApiPath.replace(/\{[^}]+\}/g, randomUUID());
      for (const method of Object.keys(operations)) {
        const route = `${method.toUpperCase()} ${openApiPath}`;
        if (publicRoutes.has(route)) {
          continue;
        }
        const response = await server.app.inject({
          method: method.toUpperCase() as 'GET',
          url,
          ...(method === 'get' ? {} : { payload: {} }),
        });
        expect(response.statusCode, route).toBe(401);
        expect(response.json().error.code, route).toBe('unauthenticated');
        checked.push(route);
      }
    }

    expect(checked).toContain('GET /api/debtors/{id}');
    expect(checked).toContain('DELETE /api/session');
  });

  it('unknown session token returns 401', async () => {
    const response = await server.app.inject({
      method: 'GET',
      url: '/api/entities',
      headers: { cookie: 'collecta_session=not-a-real-token' },
    });

    expect(response.statusCode).toBe(401);
    expect(response.headers['set-cookie']).toContain('collecta_session=;');
  });

  it('invalid input returns 400 with fields', async () => {
    const session = await logInAs(server.app, 'anna');
    const response = await server.app.inject({
      method: 'GET',
      url: '/api/debtors?page=0&date=2025-02-30',
      headers: session.headers,
    });
    const body = response.json();

    expect(response.statusCode).toBe(400);
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.details.fields.map((field: { field: string }) => field.field).sort()).toEqual(
      ['querystring.date', 'querystring.page'],
    );
  });

  it('invalid JSON returns 400', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": "anna", "password": ',
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_input');
  });

  it('unknown API path returns JSON 404', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/nothing-here' });

    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
  });

  it('pages return 503 without web build', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/debtors' });

    expect(response.statusCode).toBe(503);
    expect(response.body).toContain('npm run build:web');
  });

  describe('with a built web app', () => {
    let webServer: TestServer;
    let webDirectory: string;

    beforeAll(async () => {
      webDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'collecta-web-'));
      fs.writeFileSync(path.join(webDirectory, 'index.html'), '<html>the app</html>');
      fs.mkdirSync(path.join(webDirectory, 'assets'));
      fs.writeFileSync(path.join(webDirectory, 'assets', 'app.js'), 'console.log(1);');
      webServer = await buildTestServer(testDatabase.database, { webDirectory });
    });

    afterAll(async () => {
      await webServer.app.close();
      fs.rmSync(webDirectory, { recursive: true, force: true });
    });

    it('serves files of the build', async () => {
      const response = await webServer.app.inject({ method: 'GET', url: '/assets/app.js' });

      expect(response.statusCode).toBe(200);
      expect(response.body).toBe('console.log(1);');
    });

    it('serves index.html for app paths', async () => {
      const root = await webServer.app.inject({ method: 'GET', url: '/' });
      const deep = await webServer.app.inject({
        method: 'GET',
        url: '/debtors/123?date=2025-01-01',
      });

      expect(root.body).toBe('<html>the app</html>');
      expect(deep.statusCode).toBe(200);
      expect(deep.body).toBe('<html>the app</html>');
    });

    it('keeps JSON 404 for unknown API paths', async () => {
      const response = await webServer.app.inject({ method: 'GET', url: '/api/nothing-here' });

      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('not_found');
    });
  });
});
