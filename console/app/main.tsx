import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './App.tsx';
import { createConsoleI18n } from './i18n.ts';
import './console.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <I18nextProvider i18n={createConsoleI18n()}>
        <App />
      </I18nextProvider>
    </StrictMode>,
  );
}
