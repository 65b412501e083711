import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { setUpI18n } from './i18n/i18n.ts';

const root = document.getElementById('root');
if (!root) {
  throw new Error('index.html has no #root element.');
}

void setUpI18n().then(() => {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
