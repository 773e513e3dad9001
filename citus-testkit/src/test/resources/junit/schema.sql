CREATE TABLE items (tenant_id bigint NOT NULL, id bigint NOT NULL, note text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('items', 'tenant_id');
CREATE FUNCTION items_count() RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
    RETURN (SELECT count(*) FROM items);
END;
$$;
