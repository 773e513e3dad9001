-- What a first migration of a Citus application does: an enum type, reference data, a distributed table.
CREATE TYPE order_status AS ENUM ('new', 'paid');

CREATE TABLE countries (
    code text PRIMARY KEY,
    name text NOT NULL
);
SELECT create_reference_table('countries');
INSERT INTO countries VALUES ('de', 'Germany'), ('fr', 'France');

CREATE TABLE orders (
    tenant  bigint NOT NULL,
    id      bigserial,
    country text REFERENCES countries (code),
    status  order_status NOT NULL DEFAULT 'new',
    PRIMARY KEY (tenant, id)
);
SELECT create_distributed_table('orders', 'tenant');
