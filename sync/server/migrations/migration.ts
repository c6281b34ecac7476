/** A schema change. Once released, a migration's SQL never changes; add a new one instead. */
export interface Migration {
  /** Strictly increasing, matches the NNN of the file name. */
  version: number;
  name: string;
  /** One or more statements; run in one transaction together with its schema_migrations row. */
  sql: string;
}
