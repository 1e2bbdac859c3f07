-- Per-tenant read access to the warehouse (one place: the AppHost's provisioner and the tests run this file; so can you).
-- Run as an administrator (a superuser, or a role with CREATEROLE that is a member of the loader's role) connected to the
-- warehouse database, then name the loader (owner of the warehouse, ingest) and the read-only login role:
--   psql -v ON_ERROR_STOP=1 -d warehouse -f warehouse-access.sql -c "SELECT warehouse_access.configure('ingest', 'warehouse_reader')"
-- Idempotent: run it again after an upgrade. Each tenant gets a NOLOGIN role that may read only its own dataset schemas; the
-- reader login (NOINHERIT) is a member of every tenant role but gets nothing from one until it runs SET LOCAL ROLE, so a
-- query naming another tenant's schema is refused by PostgreSQL whatever the reading code names.

CREATE SCHEMA IF NOT EXISTS warehouse_access;

DO $$
BEGIN
    -- Functions that create roles must not live in a schema someone else (the loader, owner of the database) could alter.
    IF (SELECT nspowner FROM pg_namespace WHERE nspname = 'warehouse_access') <> (SELECT oid FROM pg_roles WHERE rolname = current_user) THEN
        RAISE EXCEPTION 'schema warehouse_access is not owned by %', current_user USING ERRCODE = 'insufficient_privilege';
    END IF;
END $$;

REVOKE ALL ON SCHEMA warehouse_access FROM PUBLIC;

CREATE TABLE IF NOT EXISTS warehouse_access.install (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    loader name NOT NULL,
    reader name NOT NULL);

REVOKE ALL ON warehouse_access.install FROM PUBLIC;

-- The one formula for a tenant's role: the reader's name (role names are cluster-wide, so two installs stay apart) and the
-- first 16 hex digits of sha256(tenant); at most 44 + 3 + 16 = 63 bytes.
CREATE OR REPLACE FUNCTION warehouse_access.tenant_role(tenant text) RETURNS name
    LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
    SELECT (left(reader, 44) || '_t_' || left(encode(sha256(convert_to(tenant, 'UTF8')), 'hex'), 16))::name FROM warehouse_access.install
$$;

REVOKE ALL ON FUNCTION warehouse_access.tenant_role(text) FROM PUBLIC;

-- Lets the tenant's role read one dataset schema of the loader's: its tables now and those the loader makes later. The
-- loader calls it in the transaction that creates the schema; its locks (the schema's, and the tenant's while its role is
-- made) last until that transaction ends.
CREATE OR REPLACE FUNCTION warehouse_access.grant_tenant_schema(tenant text, target name) RETURNS name
    LANGUAGE plpgsql VOLATILE STRICT SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    setup record;
    tenant_role_name name;
BEGIN
    SELECT loader, reader INTO STRICT setup FROM warehouse_access.install;
    IF NOT pg_has_role(session_user, setup.loader, 'MEMBER') THEN
        RAISE EXCEPTION 'only % may grant warehouse schemas', setup.loader USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner WHERE n.nspname = target AND r.rolname = setup.loader) THEN
        RAISE EXCEPTION 'schema "%" is not one of %''s', target, setup.loader USING ERRCODE = 'insufficient_privilege';
    END IF;
    tenant_role_name := warehouse_access.tenant_role(tenant);
    -- Concurrent grants on one catalog row fail ("tuple concurrently updated"): one grant per schema at a time (the key is
    -- ingest's load lock, which its caller already holds), and one CREATE ROLE per tenant.
    PERFORM pg_advisory_xact_lock(hashtextextended(target, 0));
    IF NOT EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
                   WHERE g.rolname = tenant_role_name AND u.rolname = setup.reader) THEN
        PERFORM pg_advisory_xact_lock(hashtextextended('warehouse_access.tenant_role:' || tenant_role_name, 0));
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = tenant_role_name) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN NOINHERIT', tenant_role_name);
        END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
                       WHERE g.rolname = tenant_role_name AND u.rolname = setup.reader) THEN
            EXECUTE format('GRANT %I TO %I', tenant_role_name, setup.reader);
        END IF;
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', target, tenant_role_name);
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO %I', target, tenant_role_name);
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT SELECT ON TABLES TO %I', setup.loader, target, tenant_role_name);
    RETURN tenant_role_name;
END
$$;

REVOKE ALL ON FUNCTION warehouse_access.grant_tenant_schema(text, name) FROM PUBLIC;

-- Names the loader and the reader, grants each what it calls, and takes away the reader's blanket access of earlier
-- versions (USAGE and SELECT on every schema the loader made, present and future): tenants' roles read instead.
CREATE OR REPLACE FUNCTION warehouse_access.configure(loader_role name, reader_role name) RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    s name;
BEGIN
    INSERT INTO warehouse_access.install (loader, reader) VALUES (loader_role, reader_role)
        ON CONFLICT (singleton) DO UPDATE SET loader = excluded.loader, reader = excluded.reader;
    EXECUTE format('ALTER ROLE %I NOINHERIT', reader_role);
    EXECUTE format('GRANT USAGE ON SCHEMA warehouse_access TO %I, %I', loader_role, reader_role);
    EXECUTE format('GRANT EXECUTE ON FUNCTION warehouse_access.tenant_role(text) TO %I, %I', loader_role, reader_role);
    EXECUTE format('GRANT EXECUTE ON FUNCTION warehouse_access.grant_tenant_schema(text, name) TO %I', loader_role);
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I REVOKE USAGE ON SCHEMAS FROM %I', loader_role, reader_role);
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I REVOKE SELECT ON TABLES FROM %I', loader_role, reader_role);
    -- The loader's dataset schemas; not this one or the system's, should the loader also be the administrator (a superuser).
    FOR s IN SELECT n.nspname FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner
             WHERE r.rolname = loader_role AND n.nspname <> 'warehouse_access' AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema' LOOP
        EXECUTE format('REVOKE ALL ON SCHEMA %I FROM %I', s, reader_role);
        EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM %I', s, reader_role);
    END LOOP;
    REVOKE CREATE ON SCHEMA public FROM PUBLIC;
END
$$;

REVOKE ALL ON FUNCTION warehouse_access.configure(name, name) FROM PUBLIC;
