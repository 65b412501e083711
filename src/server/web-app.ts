import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';
import { sendError } from './error-handler.ts';

/** Directory that `npm run build:web` writes the web app to. */
export const defaultWebDirectory = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../web/dist',
);

const notBuiltPage = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Collecta: web app not built</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 4em auto">
<h1>The web app is not built</h1>
<p>The Collecta server is running, but the web app's files are missing.
Run <code>npm run build:web</code> (or start with <code>npm start</code>, which builds it)
and reload this page. The API answers under <a href="/api/docs">/api/docs</a>.</p>
</body>
</html>
`;

/**
 * Serves the built web app: its files as they are, and index.html for any
 * other GET path outside /api so that the app's own router handles it.
 * Unknown /api paths get a JSON not_found. Without a build, pages return 503
 * with instructions to build.
 */
export async function registerWebApp(app: FastifyInstance, webDirectory: string): Promise<void> {
  const isBuilt = fs.existsSync(path.join(webDirectory, 'index.html'));
  if (isBuilt) {
    await app.register(fastifyStatic, { root: webDirectory, prefix: '/', wildcard: true });
  }

  app.setNotFoundHandler(async (request, reply) => {
    const pathname = request.url.split('?')[0] ?? '';
    const isPage = request.method === 'GET' || request.method === 'HEAD';
    if (pathname === '/api' || pathname.startsWith('/api/') || !isPage) {
      return sendError(
        reply,
        new AppError('not_found', `No route ${request.method} ${pathname}; see /api/docs.`),
      );
    }
    if (!isBuilt) {
      return reply.code(503).type('text/html; charset=utf-8').send(notBuiltPage);
    }

    // The customer portal is a separate, lighter page of the build (web/portal.html).
    const page =
      pathname === '/portal' || pathname.startsWith('/portal/') ? 'portal.html' : 'index.html';

    return reply.header('cache-control', 'no-cache').sendFile(page);
  });
}
