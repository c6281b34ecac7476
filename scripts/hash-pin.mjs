// Prints the PBKDF2 hash of a staff PIN in the catalog's station.staff[].pin format.
//   node scripts/hash-pin.mjs 1234
import { tsImport } from 'tsx/esm/api';

const pin = process.argv[2] ?? '';
const { hashPin } = await tsImport('../sync/client/staff-pin.ts', import.meta.url);
try {
  console.log(JSON.stringify(await hashPin(pin)));
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
