package com.example.ads;

import java.util.List;
import org.springframework.data.repository.CrudRepository;

/** Spring Data JDBC repository of tenants. */
public interface CompanyRepository extends CrudRepository<Company, Long> {

    /**
     * Companies by name, for an admin search. Without the tenant filter (company_id) Citus runs it on every shard:
     * fine for an admin page, wrong on a tenant's request path (CampaignServiceIT shows how a test catches it).
     */
    List<Company> findByName(String name);
}
