-- reference data every test needs
INSERT INTO currencies VALUES ('EUR', 'Euro'), ('USD', 'US dollar');
INSERT INTO invoices VALUES (1, 1, 'EUR');
