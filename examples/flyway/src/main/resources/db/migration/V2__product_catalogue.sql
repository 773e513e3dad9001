-- reference data a migration inserts: @CitusCluster(keptTables) keeps it through reset = TRUNCATE
INSERT INTO products VALUES (1, 'Kettle', 24.90), (2, 'Teapot', 19.50), (3, 'Mug', 6.00);
