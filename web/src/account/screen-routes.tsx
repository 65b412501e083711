import {
  createContext,
  useContext,
  useEffect,
  useMemo,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import {
  createRoutesFromChildren,
  Navigate,
  useLocation,
  useRoutes,
  type RouteObject,
} from 'react-router-dom';
import { useAccess, type Access } from '../api/use-session.ts';
import { NoAccessScreen } from './no-access-screen.tsx';
import { fallbackStartPath, requiredPermissions, startScreenPaths } from './screen-access.ts';

/** The paths of the registered screens, without the catch-all. */
type ScreenPaths = ReadonlySet<string>;

const ScreenPathsContext = createContext<ScreenPaths>(new Set());

/**
 * Renders the `<Route>` children like `<Routes>`, but shows the no-access
 * screen on a path whose permission the user lacks. It also passes the
 * registered paths to the start screen redirect and the navigation.
 */
export function ScreenRoutes(props: { children: ReactNode }) {
  const routes = useMemo(() => createRoutesFromChildren(props.children), [props.children]);
  const paths = useMemo(() => collectPaths(routes), [routes]);
  const element = useRoutes(routes);
  const location = useLocation();
  const access = useAccess();

  useEffect(() => publishScreenPaths(paths), [paths]);

  const needed = requiredPermissions(location.pathname);
  if (needed.length > 0 && !access.canAny(needed)) {
    return <NoAccessScreen />;
  }
  return <ScreenPathsContext.Provider value={paths}>{element}</ScreenPathsContext.Provider>;
}

/** Opens the start screen of the user's group, or the first screen they may use. */
export function StartScreenRedirect() {
  const paths = useContext(ScreenPathsContext);
  const access = useAccess();

  return <Navigate to={choosePath(paths, access)} replace />;
}

/**
 * Chooses the start screen's path when that screen is built and open to the
 * user. Otherwise it tries the debtor list, then other screens, and ends at
 * the user's own account, which every user may open.
 */
function choosePath(paths: ScreenPaths, access: Access): string {
  const candidates = [
    startScreenPaths[access.startScreen],
    fallbackStartPath,
    '/home',
    '/issues',
    '/reports/ageing',
    '/batches',
    '/admin/users',
  ];
  const open = candidates.find(
    (path) => path !== undefined && paths.has(path) && isOpen(path, access),
  );

  return open ?? '/account/password';
}

function isOpen(path: string, access: Access): boolean {
  const needed = requiredPermissions(path);
  return needed.length === 0 || access.canAny(needed);
}

function collectPaths(routes: RouteObject[], parent = ''): Set<string> {
  const paths = new Set<string>();
  for (const route of routes) {
    const path = joinPath(parent, route.path ?? '');
    if (route.path !== undefined && route.path !== '*') {
      paths.add(path);
    }
    for (const child of collectPaths(route.children ?? [], path)) {
      paths.add(child);
    }
  }
  return paths;
}

function joinPath(parent: string, path: string): string {
  if (path.startsWith('/')) {
    return path;
  }
  return `${parent.replace(/\/$/, '')}/${path}`;
}

// The navigation sits outside the routes in the layout, so it reads the
// registered paths from this small store instead of the context.
let publishedPaths: ScreenPaths = new Set();
const listeners = new Set<() => void>();

function publishScreenPaths(paths: ScreenPaths): void {
  if ([...paths].join('\n') === [...publishedPaths].join('\n')) {
    return;
  }
  publishedPaths = paths;
  for (const listener of listeners) {
    listener();
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Returns the paths of the screens that the app has registered. */
export function useScreenPaths(): ScreenPaths {
  return useSyncExternalStore(subscribe, () => publishedPaths);
}
