# Starts Debian's PostgreSQL cluster and creates a throwaway test database.
# Sets TEST_DATABASE_URL. Sourced by .ci/run; usable by hand: `. .ci/postgres.sh && start_test_postgres`.
start_test_postgres() {
  local version
  version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
  if ! pg_lsclusters -h | grep -q "^${version} main"; then
    pg_createcluster "$version" main >/dev/null
  fi
  pg_ctlcluster "$version" main start 2>/dev/null || true
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 && break
    sleep 1
  done
  su postgres -c "psql -q -v ON_ERROR_STOP=1" <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'doorstep') THEN
    CREATE ROLE doorstep LOGIN SUPERUSER PASSWORD 'doorstep';
  END IF;
END $$;
DROP DATABASE IF EXISTS doorstep_test;
CREATE DATABASE doorstep_test OWNER doorstep;
SQL
  TEST_DATABASE_URL="postgres://doorstep:doorstep@127.0.0.1:5432/doorstep_test"
}
