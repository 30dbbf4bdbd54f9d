-- Switchboard: the PostgreSQL role Asterisk uses to read the agents' softphone rows.
-- It may SELECT ps_endpoints, ps_auths and ps_aors and nothing else (no other table, no writes).
-- Run as the database owner or a superuser, in the service's database, AFTER the service has
-- migrated once (the tables are created by its Flyway migrations):
--   psql -d switchboard -v asterisk_password='...' -f channels/asterisk/asterisk-role.sql
-- Optional: -v schema=<schema> when the service's tables are not in "public".
-- Re-running is safe; it also resets the password.
\set ON_ERROR_STOP on
\if :{?asterisk_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'set the password: psql -v asterisk_password=... -f asterisk-role.sql'; END $$;
\endif
\if :{?schema}
\else
  \set schema public
\endif

SELECT 'CREATE ROLE asterisk' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'asterisk')
\gexec
ALTER ROLE asterisk WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION
  NOBYPASSRLS CONNECTION LIMIT 10 PASSWORD :'asterisk_password';
-- Every statement of this role runs read-only, and finds the tables without a schema prefix
-- (res_config_pgsql looks the columns up in current_schema()).
ALTER ROLE asterisk SET default_transaction_read_only = on;
ALTER ROLE asterisk SET search_path = :"schema";

SELECT format('GRANT CONNECT ON DATABASE %I TO asterisk', current_database())
\gexec
GRANT USAGE ON SCHEMA :"schema" TO asterisk;
GRANT SELECT ON TABLE :"schema".ps_endpoints, :"schema".ps_auths, :"schema".ps_aors TO asterisk;

-- Check (as asterisk): SELECT id, context, webrtc FROM ps_endpoints LIMIT 1;  works;
-- any other table, or an UPDATE, is refused. PUBLIC may still CONNECT to other databases and
-- (PostgreSQL 14 and older) CREATE in schema public: revoke those from PUBLIC if your policy
-- asks for it (REVOKE CREATE ON SCHEMA public FROM PUBLIC).
