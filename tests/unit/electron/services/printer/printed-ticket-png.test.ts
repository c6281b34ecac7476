import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { LANGUAGES } from '#protocol/languages.ts';
import { createPrinterService } from '#services/printer/printer-service.ts';
import { renderDecodedTicketPng } from '#tests/fixtures/virtual-printer/render-png.ts';
import { startVirtualPrinter } from '#tests/fixtures/virtual-printer/virtual-printer.ts';
import { dictionaryT, quietLogger, reimbursement, station, ticketFor } from './print-fixtures.ts';

/** Where a person looks at what the printer printed (artifacts/ is not committed). */
const OUT_DIR = fileURLToPath(new URL('../../../../../artifacts/printed/', import.meta.url));

const printer = await startVirtualPrinter();
afterAll(() => printer.close());

describe('what the virtual printer printed, as a picture', () => {
  it('renders the decoded tickets of all three languages to 80 mm PNGs', async () => {
    const service = createPrinterService({
      config: () => ({ kind: 'network', host: printer.host, port: printer.port }),
      logger: quietLogger().logger,
    });
    for (const lang of LANGUAGES) {
      const result = await service.printTicket({
        ticket: ticketFor(reimbursement),
        service: reimbursement,
        station,
        lang,
        t: dictionaryT(),
        peopleAhead: 3,
      });
      expect(result.ok).toBe(true);
      const path = `${OUT_DIR}ticket-${lang}.png`;
      await renderDecodedTicketPng((await printer.nextJob()).decoded, path);

      const png = await readFile(path);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      // 80 mm at 96 px/inch and a 2× device scale: about 605 px wide.
      expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(600);
      expect(png.readUInt32BE(16)).toBeLessThanOrEqual(610);
    }
  }, 60_000);
});
