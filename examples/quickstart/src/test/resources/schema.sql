-- tag::schema[]
-- A multi-tenant ad platform: everything a company owns is distributed by company_id and co-located,
-- so one tenant's rows live together on one worker.
CREATE TABLE companies (
    company_id bigint PRIMARY KEY,
    name       text NOT NULL
);
SELECT create_distributed_table('companies', 'company_id');

CREATE TABLE campaigns (
    company_id  bigint NOT NULL,
    campaign_id bigint NOT NULL,
    name        text NOT NULL,
    PRIMARY KEY (company_id, campaign_id),
    FOREIGN KEY (company_id) REFERENCES companies (company_id)
);
SELECT create_distributed_table('campaigns', 'company_id', colocate_with => 'companies');

CREATE TABLE ads (
    company_id  bigint NOT NULL,
    ad_id       bigint NOT NULL,
    campaign_id bigint NOT NULL,
    format      text NOT NULL,
    clicks      bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (company_id, ad_id),
    -- only possible because ads and campaigns are co-located on company_id
    FOREIGN KEY (company_id, campaign_id) REFERENCES campaigns (company_id, campaign_id)
);
SELECT create_distributed_table('ads', 'company_id', colocate_with => 'companies');

-- small and needed by every tenant: a copy on every node
CREATE TABLE ad_formats (
    format text PRIMARY KEY,
    width  int NOT NULL,
    height int NOT NULL
);
SELECT create_reference_table('ad_formats');
-- end::schema[]
