CREATE TABLE audit_log (
    id   bigserial PRIMARY KEY,
    what text NOT NULL
);
