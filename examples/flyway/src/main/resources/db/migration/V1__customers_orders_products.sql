-- tag::migration[]
-- A multi-tenant shop: customers and their orders distributed by customer_id and co-located (one customer's rows
-- live on one worker), products a reference table (a copy on every node).
CREATE TABLE customers (
    customer_id bigint PRIMARY KEY,
    name        text NOT NULL
);
CREATE TABLE orders (
    customer_id bigint NOT NULL,
    order_id    bigint NOT NULL,
    product_id  bigint NOT NULL,
    quantity    int NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (customer_id, order_id)  -- a distributed table's keys include its distribution column
);
CREATE TABLE products (
    product_id bigint PRIMARY KEY,
    name       text NOT NULL,
    price      numeric(10, 2) NOT NULL
);

-- distribute first ...
SELECT create_distributed_table('customers', 'customer_id');
SELECT create_distributed_table('orders', 'customer_id', colocate_with => 'customers');
SELECT create_reference_table('products');

-- ... then the foreign keys: between co-located tables on the distribution column, and to a reference table
ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers (customer_id);
ALTER TABLE orders ADD FOREIGN KEY (product_id) REFERENCES products (product_id);
-- end::migration[]
