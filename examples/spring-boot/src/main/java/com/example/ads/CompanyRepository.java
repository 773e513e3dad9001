package com.example.ads;

import org.springframework.data.repository.CrudRepository;

/** Spring Data JDBC repository of tenants. */
public interface CompanyRepository extends CrudRepository<Company, Long> {}
