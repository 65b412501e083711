import { NavLink } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';

const items = [
  { path: '/debtors', label: 'nav.debtors' },
  { path: '/batches', label: 'nav.batches' },
  { path: '/call-list', label: 'nav.callList' },
  { path: '/reports/ageing', label: 'nav.ageingReport' },
] as const;

/** Links to the screens, disabled while there is no entity to show. */
export function MainNav(props: { onNavigate(): void; disabled: boolean }) {
  const { t } = useTranslation();
  const location = useLocation();

  return (
    <nav aria-label={t('nav.label')}>
      {items.map((item) => (
        <NavLink
          key={item.path}
          component={Link}
          to={item.path}
          label={t(item.label)}
          active={!props.disabled && location.pathname.startsWith(item.path)}
          disabled={props.disabled}
          onClick={props.onNavigate}
        />
      ))}
    </nav>
  );
}
