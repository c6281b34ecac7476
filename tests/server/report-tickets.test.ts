/**
 * report_tickets (migration 023): the report's inputs taken out of each ticket as it
 * is written, and out of the tickets already stored when a district upgrades.
 */
import { expect, it } from 'vitest';
import { silentLogger } from '#server/logger.ts';
import { migrate } from '#server/db/migrate.ts';
import { describeEachDriver } from './helpers/drivers.ts';
import { expectStatus, step, ticket, useTestApp } from './helpers/fixtures.ts';

interface FactRow {
  id: string;
  day: string;
  service_id: string | null;
  staff: string | null;
  status: string;
  issued_at: unknown;
  wait_ms: unknown;
  service_ms: unknown;
  est_low: unknown;
  est_high: unknown;
}

describeEachDriver('report_tickets', (driver) => {
  const ctx = useTestApp(driver);

  const facts = async () =>
    (
      await ctx.repo.db.query<FactRow>(
        `SELECT id, day, service_id, staff, status, issued_at, wait_ms, service_ms, est_low, est_high
         FROM report_tickets ORDER BY id`,
      )
    ).map((r) => ({
      ...r,
      ...Object.fromEntries(
        (['issued_at', 'wait_ms', 'service_ms', 'est_low', 'est_high'] as const).map((k) => [
          k,
          r[k] === null ? null : Number(r[k]),
        ]),
      ),
    }));

  it('keeps each ticket’s inputs as it is written, and fills them in for tickets stored before the upgrade', async () => {
    await ctx.setUpStation('s1');
    const kiosk = await ctx.enrol('s1', { issuingSlot: 0, issuingSlots: 2 });
    const waiting = ticket(kiosk, 't-waiting', { waitEstimate: { lowMin: 5, highMin: 12, ahead: 2 } });
    const issued = ticket(kiosk, 't-done');
    expectStatus(await ctx.push(kiosk, 'tickets', [{ newDocumentState: waiting }, { newDocumentState: issued }]), 200);
    const called = step(issued, 'call');
    const recalled = step(called, 'recall');
    const done = step(step(recalled, 'start'), 'finish');
    const counter = await ctx.enrol('s1', { role: 'counter', issuingSlot: 1, issuingSlots: 2 });
    expect(
      await ctx.pushReport(counter, 'tickets', [{ assumedMasterState: issued, newDocumentState: done }]),
    ).toMatchObject({ conflicts: [], refused: [] });

    const firstCall = called.history.at(-1)!.at;
    const expected = [
      {
        id: 't-done',
        day: done.day,
        service_id: 'svc-1',
        staff: done.servedBy ?? done.firstReceivedBy ?? null,
        status: 'done',
        issued_at: done.issuedAt,
        // The first call, not the recall: calledAt moves with every recall.
        wait_ms: firstCall - done.issuedAt,
        service_ms: done.endedAt! - done.startedAt!,
        est_low: null,
        est_high: null,
      },
      {
        id: 't-waiting',
        day: waiting.day,
        service_id: 'svc-1',
        staff: null,
        status: 'waiting',
        issued_at: waiting.issuedAt,
        // Never called: no wait at all, not a wait of 0.
        wait_ms: null,
        service_ms: null,
        est_low: 5,
        est_high: 12,
      },
    ];
    expect(recalled.calledAt).not.toBe(firstCall);
    expect(await facts()).toEqual(expected);

    // A district upgrading from version 22, its tickets already stored: the migration fills the rows in.
    await ctx.repo.db.transaction((tx) =>
      tx.exec(`
      DROP TABLE report_tickets;
      DROP FUNCTION report_copy_tickets() CASCADE;
      CREATE INDEX tickets_report_service_day_idx ON tickets ((doc->>'serviceId'), (doc->>'day')) WHERE NOT deleted;
      CREATE INDEX tickets_report_staff_day_idx ON tickets ((coalesce(doc->>'servedBy', doc->>'firstReceivedBy')), (doc->>'day'))
        WHERE NOT deleted;
      DELETE FROM schema_migrations WHERE version = 23;
    `),
    );
    expect(await migrate(ctx.repo.db, silentLogger())).toEqual([23]);
    expect(await facts()).toEqual(expected);
  });
});
