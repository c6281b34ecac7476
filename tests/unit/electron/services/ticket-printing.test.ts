/**
 * The printed ticket's QR code carries the ticket's phone link, made on the device
 * when the ticket prints (not taken from the screen); without a link (a demo kiosk,
 * or one that never reached its district) it carries the ticket id as before.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createPrinterService } from '#services/printer/printer-service.ts';
import { createTicketPrinting } from '#services/ticket-printing.ts';
import { startVirtualPrinter, type VirtualPrinter } from '#tests/fixtures/virtual-printer/virtual-printer.ts';
import { quietLogger, reimbursement, station, ticketFor } from './printer/print-fixtures.ts';

const printers: VirtualPrinter[] = [];
afterEach(async () => {
  await Promise.all(printers.splice(0).map((p) => p.close()));
});

async function printWith(followLink?: (ticketId: string) => Promise<string | null>) {
  const vp = await startVirtualPrinter();
  printers.push(vp);
  const printer = createPrinterService({
    config: () => ({ kind: 'network', host: vp.host, port: vp.port }),
    logger: quietLogger().logger,
  });
  const ticket = ticketFor(reimbursement);
  const asked: string[] = [];
  const print = createTicketPrinting({
    printer,
    ...(followLink && {
      followLink: (id: string) => {
        asked.push(id);
        return followLink(id);
      },
    }),
  });
  expect(await print({ ticket, service: reimbursement, station, lang: 'zh-Hans', peopleAhead: 2 })).toEqual({
    printed: true,
  });
  return { ticket, asked, decoded: (await vp.nextJob()).decoded };
}

describe('the printed ticket’s phone link', () => {
  it('prints the link in the QR code, with a line saying what it is for', async () => {
    const link = (id: string) => `https://queue.example.gov.cn/t/${id}.AAAAAAAAAAAAAAAAAAAAAA`;
    const { ticket, asked, decoded } = await printWith(async (id) => link(id));
    expect(asked).toEqual([ticket.id]);
    expect(decoded.qrCodes.map((q) => q.data)).toEqual([link(ticket.id)]);
    expect(decoded.lines.map((l) => l.text).join('')).toContain('用手机扫码，看还要等多久');
  });

  it('prints the ticket id when the device has no link, and never fails the print over it', async () => {
    const without = await printWith(async () => null);
    expect(without.decoded.qrCodes.map((q) => q.data)).toEqual([without.ticket.id]);
    const broken = await printWith(async () => {
      throw new Error('key file unreadable');
    });
    expect(broken.decoded.qrCodes.map((q) => q.data)).toEqual([broken.ticket.id]);
    expect(broken.decoded.lines.map((l) => l.text).join('')).not.toContain('扫码');
  });
});
