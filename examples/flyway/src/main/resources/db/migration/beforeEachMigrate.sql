-- tag::callback[]
-- Flyway runs this SQL callback before every migration, in the migration's own transaction. Citus creates the
-- shards of a distributed table over several connections per worker at once; in a transaction that did, adding a
-- foreign key to a reference table fails ("... because there was a parallel operation on a distributed table in the
-- transaction"). Sequential mode runs the transaction's multi-shard commands over one connection per worker, so the
-- whole migration works. SET LOCAL: it ends with the migration's transaction and never leaks into a pooled connection.
SET LOCAL citus.multi_shard_modify_mode TO 'sequential';
-- end::callback[]
