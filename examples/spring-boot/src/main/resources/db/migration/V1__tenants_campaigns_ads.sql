-- A multi-tenant schema: everything a company owns is distributed by company_id and co-located,
-- so a tenant's rows live on one worker and foreign keys between them work.
CREATE TABLE companies (
    company_id bigint PRIMARY KEY,
    name       text NOT NULL
);
SELECT create_distributed_table('companies', 'company_id');

CREATE TABLE campaigns (
    company_id  bigint NOT NULL REFERENCES companies (company_id),
    campaign_id bigint NOT NULL,
    name        text NOT NULL,
    budget      numeric(12, 2) NOT NULL DEFAULT 0,
    PRIMARY KEY (company_id, campaign_id)
);
SELECT create_distributed_table('campaigns', 'company_id', colocate_with => 'companies');

-- a small table every worker needs in full
CREATE TABLE currencies (
    code text PRIMARY KEY,
    name text NOT NULL
);
SELECT create_reference_table('currencies');
INSERT INTO currencies VALUES ('EUR', 'Euro'), ('USD', 'US dollar');
