// Lint rules, including the runtime boundaries of ARCHITECTURE.md: the renderer
// never imports Electron or server code, and sync/protocol stays runtime-free.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'http', 'net', 'crypto'];

// One import style: a relative import stays inside its folder (./x.ts); anything
// else goes through a package.json `imports` subpath (#protocol/…, #server/…), so a
// file's imports say which layer they reach. Folder boundaries themselves are
// checked on resolved paths by dependency-cruiser (.dependency-cruiser.cjs).
const oneImportStyle = {
  regex: '^\\.\\./',
  message:
    'Import across folders through a # subpath (package.json "imports"); relative imports stay within their folder.',
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'artifacts/**',
      'test-results/**',
      'playwright-report/**',
      '.data/**',
      'release/**',
      'release-e2e/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/ban-ts-comment': [
        'error',
        { 'ts-expect-error': 'allow-with-description', 'ts-ignore': true, 'ts-nocheck': true },
      ],
      'no-restricted-imports': ['error', { patterns: [oneImportStyle] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}', 'sync/client/**/*.ts'],
    ignores: ['renderer/vite.config.ts'],
    languageOptions: { globals: globals.browser },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            oneImportStyle,
            { regex: '^electron(/.*)?$', message: 'The renderer reaches the device only through renderer/platform.' },
            {
              regex: '^#(main|services|preload|host|security)/',
              message: 'The renderer may only use the IPC contract types (#ipc).',
            },
            { regex: '^#server/', message: 'The renderer never imports server code.' },
            { group: nodeBuiltins, message: 'No Node built-ins in the renderer.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/platform/**', 'renderer/vite.config.ts'],
    rules: {
      'no-restricted-globals': ['error', { name: 'kiosk', message: 'Only renderer/platform touches window.kiosk.' }],
      'no-restricted-properties': [
        'error',
        { object: 'window', property: 'kiosk', message: 'Only renderer/platform touches window.kiosk.' },
      ],
    },
  },
  {
    // The district console runs in an operator's browser: it may share the renderer's
    // presentational components and i18n, never device code or server code.
    files: ['console/**/*.{ts,tsx}'],
    ignores: ['console/vite.config.ts'],
    languageOptions: { globals: globals.browser },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            oneImportStyle,
            {
              regex: '^electron(/.*)?$|^#(main|services|preload|host|security|ipc|client)/',
              message: 'The console never reaches device code.',
            },
            {
              // The kiosk preview page loads the kiosk's stylesheet so the preview looks exactly like the kiosk.
              regex: '^#renderer/(features|db|platform)/|^#renderer/app/(?!styles\\.css$)',
              message: 'The console may use renderer/components and renderer/i18n only.',
            },
            { regex: '^#server/', message: 'The console talks to the server over HTTP only.' },
            { group: nodeBuiltins, message: 'No Node built-ins in the console.' },
          ],
        },
      ],
    },
  },
  {
    files: ['sync/protocol/**/*.ts', 'electron/ipc/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            oneImportStyle,
            { group: nodeBuiltins, message: 'sync/protocol and electron/ipc are runtime-free.' },
            {
              regex:
                '^(electron|react|react-dom)(/.*)?$|^#(renderer|server|client|main|services|host|security|preload)/',
              message: 'sync/protocol and electron/ipc are runtime-free.',
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      'electron/**/*.ts',
      'sync/server/**/*.ts',
      'scripts/**/*.{js,mjs,ts}',
      'tests/**/*.{ts,tsx}',
      'bench/**/*.ts',
      '*.config.{js,ts}',
      'renderer/vite.config.ts',
      'console/vite.config.ts',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
  },
  {
    files: ['bench/**/*.ts', 'scripts/**/*.{js,mjs,ts}'],
    rules: { 'no-console': 'off' },
  },
);
