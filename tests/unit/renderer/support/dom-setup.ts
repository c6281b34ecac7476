/** Each component test starts from an empty page: nothing rendered, no saved route or language, no device calls. */
import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach } from 'vitest';
import { deviceCalls } from './fake-device.ts';

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  deviceCalls.length = 0;
});

afterEach(() => {
  cleanup();
});
