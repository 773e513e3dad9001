-- a schema with a mistake in its third statement
CREATE TABLE invoices (tenant_id bigint, id bigint);
SELECT create_distributed_table('invoices', 'tenant_id');

/* the table is called invoices */
INSERT INTO invoice
    VALUES (1, 1);
