CREATE TABLE orders (tenant_id bigint NOT NULL, id bigint NOT NULL, status text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('orders', 'tenant_id', shard_count => 4);
CREATE TABLE countries (code text PRIMARY KEY, name text);
SELECT create_reference_table('countries');
CREATE TABLE settings (name text PRIMARY KEY, value text);
INSERT INTO orders VALUES (1, 1, 'open'), (2, 1, 'open'), (3, 1, 'paid');
INSERT INTO countries VALUES ('nl', 'Netherlands');
