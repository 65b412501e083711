import '@mantine/core/styles.css';
import { MantineProvider, createTheme } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setUpPortalI18n } from './i18n.ts';
import { PortalApp } from './portal-app.tsx';

// The customer portal is a separate entry point of the build: it imports
// nothing of the staff app, so debtors load only what the portal needs.

const theme = createTheme({ primaryColor: 'teal', defaultRadius: 'sm' });

const root = document.getElementById('root');
if (!root) {
  throw new Error('portal.html has no #root element.');
}

void setUpPortalI18n().then(() => {
  createRoot(root).render(
    <StrictMode>
      <MantineProvider theme={theme}>
        <PortalApp />
      </MantineProvider>
    </StrictMode>,
  );
});
