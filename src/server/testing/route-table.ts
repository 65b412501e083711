import { randomUUID } from 'node:crypto';
import type { RouteAccess } from '../server-types.ts';

/** A route as the server registered it, recorded by an onRoute hook. */
export interface RegisteredRoute {
  method: string;
  /** The path with Fastify parameters, such as /api/debtors/:id. */
  url: string;
  /** The route's config.access; undefined on public routes. */
  access: RouteAccess | undefined;
}

/** "GET /api/debtors/:id", for messages and lists of failures. */
export function describeRoute(route: { method: string; url: string }): string {
  return `${route.method} ${route.url}`;
}

/** Builds a concrete URL for the route: every parameter a new UUID, a wildcard the text "x". */
export function exampleUrl(url: string): string {
  return url.replace(/:[A-Za-z0-9_]+/g, () => randomUUID()).replace(/\*/g, 'x');
}

/** Converts the route's path to the OpenAPI form, such as /api/debtors/{id}. */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/**
 * Selects the /api routes of `routes`, one per method, without the HEAD routes that
 * Fastify adds for every GET route.
 */
export function apiRoutes(routes: readonly RegisteredRoute[]): RegisteredRoute[] {
  const seen = new Set<string>();
  return routes.filter((route) => {
    const key = describeRoute(route);
    const keep =
      route.url.startsWith('/api/') &&
      route.method !== 'HEAD' &&
      route.method !== 'OPTIONS' &&
      !seen.has(key);
    seen.add(key);
    return keep;
  });
}
