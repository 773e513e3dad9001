-- invoices of many tenants, distributed by tenant
CREATE TABLE invoices (
    tenant_id bigint NOT NULL,
    id        bigint NOT NULL,
    currency  text NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
SELECT create_distributed_table('invoices', 'tenant_id');

CREATE TABLE currencies (code text PRIMARY KEY, name text NOT NULL);
SELECT create_reference_table('currencies');
