// Type-checks each runtime's project separately, so the renderer never sees Node
// types and sync/protocol sees neither Node nor DOM.
import { spawnSync } from 'node:child_process';

const projects = [
  'tsconfig.protocol.json',
  'tsconfig.renderer.json',
  'tsconfig.console.json',
  'tsconfig.node.json',
  'tsconfig.tests.json',
];
let failed = false;
for (const project of projects) {
  const result = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', project], { stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`typecheck failed: ${project}\n`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
