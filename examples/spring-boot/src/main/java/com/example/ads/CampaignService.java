package com.example.ads;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Campaigns of a tenant. Every query names company_id, so Citus routes it to one shard. */
@Service
public class CampaignService {

    private final CompanyRepository companies;
    private final JdbcClient jdbc;

    public CampaignService(CompanyRepository companies, JdbcClient jdbc) {
        this.companies = companies;
        this.jdbc = jdbc;
    }

    @Transactional
    public Company onboard(long companyId, String name) {
        return companies.save(Company.create(companyId, name));
    }

    @Transactional
    public void addCampaign(long companyId, long campaignId, String name, BigDecimal budget) {
        jdbc.sql("INSERT INTO campaigns (company_id, campaign_id, name, budget) VALUES (?, ?, ?, ?)")
                .params(companyId, campaignId, name, budget)
                .update();
    }

    public List<String> campaignNames(long companyId) {
        return jdbc.sql("SELECT name FROM campaigns WHERE company_id = ? ORDER BY campaign_id")
                .param(companyId)
                .query(String.class)
                .list();
    }

    /** Cross-tenant report: Citus runs it on every shard and merges the results. */
    public Map<String, BigDecimal> budgetPerCompany() {
        return jdbc.sql("SELECT c.name, sum(k.budget) AS total FROM companies c"
                        + " JOIN campaigns k USING (company_id) GROUP BY c.name")
                .query((rs, row) -> Map.entry(rs.getString("name"), rs.getBigDecimal("total")))
                .list().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
