-- run by Testcontainers' JDBC driver (TC_INITSCRIPT) on the coordinator once the workers are registered
CREATE TABLE orders (customer_id bigint NOT NULL, order_id bigint NOT NULL, PRIMARY KEY (customer_id, order_id));
SELECT create_distributed_table('orders', 'customer_id');
