import { Divider, NavLink } from '@mantine/core';
import type { ParseKeys } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { requiredPermissions } from '../account/screen-access.ts';
import { useScreenPaths } from '../account/screen-routes.tsx';
import { useAccess } from '../api/use-session.ts';

interface NavItem {
  path: string;
  label: ParseKeys<
    ['translation', 'admin', 'templates', 'payments', 'calculator', 'interestRates']
  >;
  /** Work screens need an entity to show; administration screens do not. */
  needsEntity: boolean;
}

const workItems: NavItem[] = [
  { path: '/home', label: 'admin:nav.home', needsEntity: true },
  { path: '/debtors', label: 'nav.debtors', needsEntity: true },
  { path: '/batches', label: 'nav.batches', needsEntity: true },
  { path: '/call-list', label: 'nav.callList', needsEntity: true },
  { path: '/payments', label: 'payments:nav', needsEntity: true },
  { path: '/forecast', label: 'nav.forecast', needsEntity: true },
  { path: '/issues', label: 'admin:nav.issues', needsEntity: true },
  { path: '/reports/ageing', label: 'nav.ageingReport', needsEntity: true },
  { path: '/reports/issues', label: 'nav.issueReport', needsEntity: true },
  { path: '/calculator', label: 'calculator:nav', needsEntity: false },
];

const administrationItems: NavItem[] = [
  { path: '/admin/users', label: 'admin:nav.users', needsEntity: false },
  { path: '/admin/groups', label: 'admin:nav.groups', needsEntity: false },
  { path: '/admin/departments', label: 'admin:nav.departments', needsEntity: false },
  { path: '/admin/api-keys', label: 'admin:nav.apiKeys', needsEntity: false },
  { path: '/admin/audit-log', label: 'admin:nav.auditLog', needsEntity: false },
  { path: '/entities', label: 'admin:nav.entities', needsEntity: false },
  { path: '/settings/processes', label: 'nav.processes', needsEntity: false },
  { path: '/settings/interest-rates', label: 'interestRates:nav', needsEntity: false },
  { path: '/settings/profiles', label: 'nav.profiles', needsEntity: false },
  { path: '/settings/templates', label: 'templates:nav', needsEntity: true },
  { path: '/setup', label: 'admin:nav.setup', needsEntity: false },
];

/**
 * Links to the screens the user's group may open and that the app has
 * registered (the path table is in account/screen-access.ts). Work screens
 * are disabled while there is no entity to show.
 */
export function MainNav(props: { onNavigate(): void; disabled: boolean }) {
  const { t } = useTranslation([
    'translation',
    'admin',
    'templates',
    'payments',
    'calculator',
    'interestRates',
  ]);
  const location = useLocation();
  const access = useAccess();
  const screenPaths = useScreenPaths();

  function isVisible(item: NavItem): boolean {
    const needed = requiredPermissions(item.path);
    return screenPaths.has(item.path) && (needed.length === 0 || access.canAny(needed));
  }

  function renderItem(item: NavItem) {
    const disabled = props.disabled && item.needsEntity;
    return (
      <NavLink
        key={item.path}
        component={Link}
        to={item.path}
        label={t(item.label)}
        active={!disabled && isActive(location.pathname, item.path)}
        disabled={disabled}
        onClick={props.onNavigate}
      />
    );
  }

  const work = workItems.filter(isVisible);
  const administration = administrationItems.filter(isVisible);
  return (
    <nav aria-label={t('nav.label')}>
      {work.map(renderItem)}
      {administration.length > 0 && (
        <Divider my="xs" label={t('admin:nav.administration')} labelPosition="left" />
      )}
      {administration.map(renderItem)}
    </nav>
  );
}

function isActive(pathname: string, itemPath: string): boolean {
  return pathname === itemPath || pathname.startsWith(`${itemPath}/`);
}
