/** Every migration, in order. Append new ones; never edit or reorder released ones. */
import { migration001 } from './001_initial.ts';
import { migration002 } from './002_write_refusals.ts';
import { migration003 } from './003_ticket_numbers.ts';
import { migration005 } from './005_console.ts';
import { migration007 } from './007_commit_order.ts';
import { migration008 } from './008_overview_health.ts';
import { migration010 } from './010_station_hub.ts';
import { migration011 } from './011_follow_keys.ts';
import { migration012 } from './012_reports.ts';
import { migration013 } from './013_appointments.ts';
import { migration015 } from './015_rating_cases.ts';
import { migration016 } from './016_projects.ts';
import { migration017 } from './017_report_rollup.ts';
import { migration018 } from './018_booking_keys.ts';
import { migration019 } from './019_overview_tickets.ts';
import { migration020 } from './020_report_marks_unlocked.ts';
import { migration021 } from './021_report_filter_indexes.ts';
import { migration022 } from './022_booking_tokens.ts';
import { migration023 } from './023_report_tickets.ts';
import { migration024 } from './024_report_item_rollup.ts';
import type { Migration } from './migration.ts';

export type { Migration } from './migration.ts';

export const MIGRATIONS: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration005,
  migration007,
  migration008,
  migration010,
  migration011,
  migration012,
  migration013,
  migration015,
  migration016,
  migration017,
  migration018,
  migration019,
  migration020,
  migration021,
  migration022,
  migration023,
  migration024,
];
