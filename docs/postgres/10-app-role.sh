#!/bin/sh
# Run once by the postgres image on an empty data directory (/docker-entrypoint-initdb.d).
# POSTGRES_USER (booking) owns the database and runs the migrations; this creates the role the app
# runs as, which the migrations then grant only what it needs (audit rows: INSERT and SELECT).
# To add the role to an existing server, run the same statements by hand (README, Security).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v app="${APP_DB_USER:-booking_app}" -v pass="${APP_DB_PASSWORD:-booking-app-local-only}" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L NOSUPERUSER NOCREATEDB NOCREATEROLE', :'app', :'pass')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'app') \gexec
SQL
