/**
 * 好差评 follow-up (issue 15 item 3): every 不满意 (2) or 非常不满意 (1) rating becomes
 * a follow-up case, and no rating is ever edited or deleted.
 *
 * Both are triggers on `tickets`, not code in the push route, because a rating
 * reaches `tickets` by more than one path (a device's push, a station hub's
 * uplink, tools that load history) and a trigger runs in the transaction of
 * whichever write it is: the case commits exactly when the rating does, so none
 * can be missed — a rating given offline and pushed days later opens its case in
 * that push's transaction. A case is keyed by its ticket, and a rating is set
 * once, so the trigger firing again on a later write of the ticket (or the
 * backfill below meeting one it already opened) adds nothing.
 *
 * The deadline counts working days from the station-local day the district
 * received the rating (server clock: device clocks can be wrong, and the
 * district cannot act on a rating before it has it). Saturdays and Sundays are
 * skipped, and so are the days the district lists in `case_holidays` (public
 * holidays are set by the State Council each year, so they are data, not code;
 * make-up working days on a weekend (调休) are not counted — the deadline only
 * ever errs later by them). The number of days is the district's
 * (`case_settings`, default 5), and each case keeps the number it was opened with.
 *
 * Case history (status steps and notes) is append-only: `rating_case_events`
 * refuses UPDATE and DELETE, like `tickets` refuses a changed or removed rating.
 * No FOREIGN KEY to tickets: TRUNCATE tickets in tests and tools would need CASCADE.
 */
import type { Migration } from './migration.ts';

export const migration015: Migration = {
  version: 15,
  name: 'rating_cases',
  sql: `
CREATE TABLE case_settings (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  working_days integer NOT NULL DEFAULT 5 CHECK (working_days BETWEEN 1 AND 60),
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO case_settings (only_row) VALUES (true);

CREATE TABLE case_holidays (day date PRIMARY KEY);

CREATE TABLE rating_cases (
  id bigserial PRIMARY KEY,
  ticket_id text COLLATE "C" NOT NULL UNIQUE,
  station_id text COLLATE "C" NOT NULL,
  -- Copied from the ticket when the case opens: the ticket's rating, service and staff never change after it.
  ticket_number text NOT NULL,
  ticket_day text NOT NULL,
  service_id text NOT NULL,
  served_by text NOT NULL DEFAULT '',
  level integer NOT NULL CHECK (level IN (1, 2)),
  reasons jsonb NOT NULL DEFAULT '[]',
  -- The device's clock at the rating; opened_at is the server's.
  rated_at timestamptz,
  opened_at timestamptz NOT NULL DEFAULT now(),
  working_days integer NOT NULL,
  due_on date NOT NULL,
  owner text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'contacted', 'rectified', 'closed')),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rating_cases_station_idx ON rating_cases (station_id, opened_at DESC);
CREATE INDEX rating_cases_open_idx ON rating_cases (due_on) WHERE status IN ('open', 'contacted');

CREATE TABLE rating_case_events (
  id bigserial PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES rating_cases (id),
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('status', 'note', 'owner')),
  status text CHECK (status IN ('open', 'contacted', 'rectified', 'closed')),
  owner text,
  note text CHECK (length(note) <= 2000)
);
CREATE INDEX rating_case_events_case_idx ON rating_case_events (case_id, id);

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME USING ERRCODE = 'check_violation';
END $$;
CREATE TRIGGER rating_case_events_append_only BEFORE UPDATE OR DELETE ON rating_case_events
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- The station-local working day 'days' working days after 'start'.
CREATE FUNCTION case_due_on(start date, days integer) RETURNS date LANGUAGE plpgsql STABLE AS $$
DECLARE
  d date := start;
  n integer := 0;
BEGIN
  WHILE n < days LOOP
    d := d + 1;
    IF extract(isodow FROM d) < 6 AND NOT EXISTS (SELECT 1 FROM case_holidays WHERE day = d) THEN
      n := n + 1;
    END IF;
  END LOOP;
  RETURN d;
END $$;

CREATE FUNCTION open_rating_case() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  offset_minutes integer;
  days integer;
  opened bigint;
BEGIN
  SELECT (doc->>'utcOffsetMinutes')::integer INTO offset_minutes FROM station_docs WHERE id = NEW.station_id;
  SELECT working_days INTO days FROM case_settings;
  INSERT INTO rating_cases (ticket_id, station_id, ticket_number, ticket_day, service_id, served_by, level, reasons,
                            rated_at, working_days, due_on)
  VALUES (NEW.id, NEW.station_id, coalesce(NEW.doc->>'number', ''), coalesce(NEW.doc->>'day', ''),
          coalesce(NEW.doc->>'serviceId', ''), coalesce(NEW.doc->>'servedBy', ''),
          (NEW.doc->'rating'->>'level')::integer, coalesce(NEW.doc->'rating'->'reasons', '[]'),
          to_timestamp((NEW.doc->'rating'->>'at')::double precision / 1000), days,
          case_due_on(((now() AT TIME ZONE 'UTC') + make_interval(mins => coalesce(offset_minutes, 480)))::date, days))
  ON CONFLICT (ticket_id) DO NOTHING
  RETURNING id INTO opened;
  IF opened IS NOT NULL THEN
    INSERT INTO audit_log (actor, action, target_type, target_id, station_id, after)
    SELECT 'server', 'case_opened', 'case', c.id::text, c.station_id,
           jsonb_build_object('ticketId', c.ticket_id, 'level', c.level, 'reasons', c.reasons, 'dueOn', c.due_on)
    FROM rating_cases c WHERE c.id = opened;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER tickets_open_rating_case AFTER INSERT OR UPDATE ON tickets FOR EACH ROW
  WHEN (NEW.doc->'rating'->>'level' IN ('1', '2') AND NOT NEW.deleted)
  EXECUTE FUNCTION open_rating_case();

-- The device rules already refuse a changed or removed rating (rules/ticket-rules.ts);
-- this stops every other writer too, the console and admin API included.
CREATE FUNCTION keep_rating() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.doc ? 'rating' AND (TG_OP = 'DELETE' OR NEW.deleted OR NEW.doc->'rating' IS DISTINCT FROM OLD.doc->'rating') THEN
    RAISE EXCEPTION 'rating_immutable: the rating of ticket % is never changed or removed', OLD.id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER tickets_keep_rating BEFORE UPDATE OR DELETE ON tickets FOR EACH ROW EXECUTE FUNCTION keep_rating();

-- Bad ratings stored before this migration get their cases now (opened today, by today's count).
INSERT INTO rating_cases (ticket_id, station_id, ticket_number, ticket_day, service_id, served_by, level, reasons,
                          rated_at, working_days, due_on)
SELECT t.id, t.station_id, coalesce(t.doc->>'number', ''), coalesce(t.doc->>'day', ''),
       coalesce(t.doc->>'serviceId', ''), coalesce(t.doc->>'servedBy', ''), (t.doc->'rating'->>'level')::integer,
       coalesce(t.doc->'rating'->'reasons', '[]'), to_timestamp((t.doc->'rating'->>'at')::double precision / 1000),
       5, case_due_on(((now() AT TIME ZONE 'UTC') + make_interval(mins => 480))::date, 5)
FROM tickets t WHERE t.doc->'rating'->>'level' IN ('1', '2') AND NOT t.deleted
ON CONFLICT (ticket_id) DO NOTHING;
`,
};
