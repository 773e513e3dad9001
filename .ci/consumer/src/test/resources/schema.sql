CREATE TABLE events (tenant_id bigint NOT NULL, event_id bigint NOT NULL, PRIMARY KEY (tenant_id, event_id));
SELECT create_distributed_table('events', 'tenant_id');
