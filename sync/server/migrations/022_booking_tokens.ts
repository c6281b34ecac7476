/**
 * One row per booking form the resident's phone page sent (routes/booking.ts):
 * the form carries a random token, and the booking it made is recorded under it in
 * the booking's own transaction. A second tap on "book", or the phone sending the
 * form again after a slow answer, finds the token taken and is shown that same
 * booking: one resident gets one code and takes one place. A duplicate arriving
 * while the first is still booking waits on the token's primary key until the
 * first commits. Rows older than two days are removed as new ones come in.
 */
import type { Migration } from './migration.ts';

export const migration022: Migration = {
  version: 22,
  name: 'booking_tokens',
  sql: `
CREATE TABLE booking_tokens (
  token text COLLATE "C" PRIMARY KEY CHECK (length(token) >= 22),
  station_id text COLLATE "C" NOT NULL,
  appointment_id text COLLATE "C",
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX booking_tokens_created_idx ON booking_tokens (created_at);
`,
};
