package com.example.ads;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Transient;
import org.springframework.data.domain.Persistable;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;

/** A tenant. Its id is the distribution column of every table it owns. */
@Table("companies")
public class Company implements Persistable<Long> {

    @Id
    @Column("company_id")
    private final Long id;

    private final String name;

    @Transient
    private final boolean isNew;

    @PersistenceCreator
    Company(Long id, String name) {
        this(id, name, false);
    }

    private Company(Long id, String name, boolean isNew) {
        this.id = id;
        this.name = name;
        this.isNew = isNew;
    }

    /** A company that is not stored yet (ids are chosen by the application, as usual with sharded tables). */
    public static Company create(long id, String name) {
        return new Company(id, name, true);
    }

    @Override
    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    @Override
    public boolean isNew() {
        return isNew;
    }
}
