-- runs on the coordinator after registration, so distributed DDL works
CREATE TABLE tenants (tenant_id bigint PRIMARY KEY, name text NOT NULL);
SELECT create_distributed_table('tenants', 'tenant_id');
CREATE FUNCTION tenant_name(id bigint) RETURNS text LANGUAGE sql AS $$
  SELECT name FROM tenants WHERE tenant_id = id
$$;
INSERT INTO tenants VALUES (1, 'acme'), (2, 'globex');
