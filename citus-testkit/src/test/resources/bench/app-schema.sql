-- The benchmark schema of ResetBenchmark and LargeSchemaResetIT: an application's Citus schema at the scale of
-- issue 15 (87 tables). Distributed tables in two co-location groups (by tenant_id, 32 shards; by account_id,
-- 8 shards), reference tables, a time-partitioned distributed table, local tables, a second schema, enum types,
-- functions, a trigger (on a local table: Citus refuses them on distributed ones), sequences. A test of the
-- benchmark writes to two or three of them.

CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped', 'cancelled');
CREATE TYPE channel AS ENUM ('web', 'app', 'api');
CREATE TYPE plan_tier AS ENUM ('free', 'pro', 'enterprise');
CREATE DOMAIN money_amount AS numeric(14, 2) CHECK (VALUE >= 0);
CREATE SEQUENCE invoice_numbers START 1000;
CREATE SEQUENCE ticket_numbers;
CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
CREATE FUNCTION cents(amount numeric) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT (amount * 100)::bigint $$;
CREATE FUNCTION tenant_label(id bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'tenant-' || id $$;

-- reference tables (12)
CREATE TABLE countries (id bigserial PRIMARY KEY, code text UNIQUE NOT NULL, name text);
SELECT create_reference_table('countries');
CREATE TABLE currencies (id bigserial PRIMARY KEY, code text UNIQUE NOT NULL, name text);
SELECT create_reference_table('currencies');
CREATE TABLE languages (id bigserial PRIMARY KEY, code text UNIQUE NOT NULL, name text);
SELECT create_reference_table('languages');
CREATE TABLE timezones (id bigserial PRIMARY KEY, code text UNIQUE NOT NULL, name text);
SELECT create_reference_table('timezones');
CREATE TABLE plans (id bigserial PRIMARY KEY, code text UNIQUE NOT NULL, tier plan_tier NOT NULL DEFAULT 'free');
SELECT create_reference_table('plans');
CREATE TABLE features (id bigserial PRIMARY KEY, code text UNIQUE NOT NULL, name text);
SELECT create_reference_table('features');
CREATE TABLE plan_features (id bigserial PRIMARY KEY, code text UNIQUE NOT NULL, name text);
SELECT create_reference_table('plan_features');
CREATE TABLE tax_rates (id bigserial PRIMARY KEY, code text UNIQUE NOT NULL, name text);
SELECT create_reference_table('tax_rates');
CREATE TABLE industries (id bigserial PRIMARY KEY, code text UNIQUE NOT NULL, name text);
SELECT create_reference_table('industries');
CREATE TABLE units (id bigserial PRIMARY KEY, code text UNIQUE NOT NULL, name text);
SELECT create_reference_table('units');
CREATE TABLE carriers (id bigserial PRIMARY KEY, code text UNIQUE NOT NULL, name text);
SELECT create_reference_table('carriers');
CREATE TABLE holidays (id bigserial PRIMARY KEY, code text UNIQUE NOT NULL, name text);
SELECT create_reference_table('holidays');

-- co-location group 1: by tenant_id (40 tables)
CREATE TABLE tenants (tenant_id bigint PRIMARY KEY, name text NOT NULL, plan_id bigint, created_at timestamptz NOT NULL DEFAULT now());
SELECT create_distributed_table('tenants', 'tenant_id', shard_count => 32);
CREATE TABLE users (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, email text NOT NULL, updated_at timestamptz, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('users', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE teams (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('teams', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE team_members (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('team_members', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE projects (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('projects', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE project_members (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('project_members', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE tasks (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('tasks', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE task_comments (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('task_comments', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE task_labels (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('task_labels', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE labels (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('labels', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE documents (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('documents', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE document_versions (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('document_versions', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE folders (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('folders', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE files (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('files', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE file_shares (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('file_shares', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE customers (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('customers', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE contacts (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('contacts', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE addresses (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('addresses', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE orders (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, status order_status NOT NULL DEFAULT 'new', channel channel NOT NULL DEFAULT 'web', total money_amount NOT NULL DEFAULT 0, country_id bigint, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('orders', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE order_lines (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('order_lines', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE payments (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('payments', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE refunds (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('refunds', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE invoices (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, number bigint NOT NULL DEFAULT nextval('invoice_numbers'), amount money_amount, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('invoices', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE invoice_lines (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('invoice_lines', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE subscriptions (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('subscriptions', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE usage_records (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('usage_records', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE webhooks (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('webhooks', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE webhook_deliveries (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('webhook_deliveries', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE api_keys (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('api_keys', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE audit_events (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('audit_events', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE notifications (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('notifications', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE settings (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('settings', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE tags (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('tags', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE taggings (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('taggings', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE comments (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('comments', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE reactions (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('reactions', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE sessions (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('sessions', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE login_attempts (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('login_attempts', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE exports (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('exports', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE imports (tenant_id bigint NOT NULL REFERENCES tenants (tenant_id), id bigserial, body text, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('imports', 'tenant_id', colocate_with => 'tenants');
ALTER TABLE tenants ADD FOREIGN KEY (plan_id) REFERENCES plans (id);
ALTER TABLE orders ADD FOREIGN KEY (country_id) REFERENCES countries (id);

-- time-partitioned distributed table, co-located with tenants (12 monthly partitions)
CREATE TABLE page_views (tenant_id bigint NOT NULL, viewed_at timestamptz NOT NULL, path text, channel channel) PARTITION BY RANGE (viewed_at);
CREATE TABLE page_views_2026_01 PARTITION OF page_views FOR VALUES FROM ('2026-01-01') TO ('2026-02-01');
CREATE TABLE page_views_2026_02 PARTITION OF page_views FOR VALUES FROM ('2026-02-01') TO ('2026-03-01');
CREATE TABLE page_views_2026_03 PARTITION OF page_views FOR VALUES FROM ('2026-03-01') TO ('2026-04-01');
CREATE TABLE page_views_2026_04 PARTITION OF page_views FOR VALUES FROM ('2026-04-01') TO ('2026-05-01');
CREATE TABLE page_views_2026_05 PARTITION OF page_views FOR VALUES FROM ('2026-05-01') TO ('2026-06-01');
CREATE TABLE page_views_2026_06 PARTITION OF page_views FOR VALUES FROM ('2026-06-01') TO ('2026-07-01');
CREATE TABLE page_views_2026_07 PARTITION OF page_views FOR VALUES FROM ('2026-07-01') TO ('2026-08-01');
CREATE TABLE page_views_2026_08 PARTITION OF page_views FOR VALUES FROM ('2026-08-01') TO ('2026-09-01');
CREATE TABLE page_views_2026_09 PARTITION OF page_views FOR VALUES FROM ('2026-09-01') TO ('2026-10-01');
CREATE TABLE page_views_2026_10 PARTITION OF page_views FOR VALUES FROM ('2026-10-01') TO ('2026-11-01');
CREATE TABLE page_views_2026_11 PARTITION OF page_views FOR VALUES FROM ('2026-11-01') TO ('2026-12-01');
CREATE TABLE page_views_2026_12 PARTITION OF page_views FOR VALUES FROM ('2026-12-01') TO ('2027-01-01');
SELECT create_distributed_table('page_views', 'tenant_id', colocate_with => 'tenants');

-- co-location group 2: by account_id, 8 shards (12 tables)
CREATE TABLE accounts (account_id bigint PRIMARY KEY, name text);
SELECT create_distributed_table('accounts', 'account_id', shard_count => 8, colocate_with => 'none');
CREATE TABLE ledger_entries (account_id bigint NOT NULL REFERENCES accounts (account_id), id bigserial, amount money_amount, PRIMARY KEY (account_id, id));
SELECT create_distributed_table('ledger_entries', 'account_id', colocate_with => 'accounts');
CREATE TABLE balances (account_id bigint NOT NULL REFERENCES accounts (account_id), id bigserial, amount money_amount, PRIMARY KEY (account_id, id));
SELECT create_distributed_table('balances', 'account_id', colocate_with => 'accounts');
CREATE TABLE transfers (account_id bigint NOT NULL REFERENCES accounts (account_id), id bigserial, amount money_amount, PRIMARY KEY (account_id, id));
SELECT create_distributed_table('transfers', 'account_id', colocate_with => 'accounts');
CREATE TABLE statements (account_id bigint NOT NULL REFERENCES accounts (account_id), id bigserial, amount money_amount, PRIMARY KEY (account_id, id));
SELECT create_distributed_table('statements', 'account_id', colocate_with => 'accounts');
CREATE TABLE statement_lines (account_id bigint NOT NULL REFERENCES accounts (account_id), id bigserial, amount money_amount, PRIMARY KEY (account_id, id));
SELECT create_distributed_table('statement_lines', 'account_id', colocate_with => 'accounts');
CREATE TABLE cards (account_id bigint NOT NULL REFERENCES accounts (account_id), id bigserial, amount money_amount, PRIMARY KEY (account_id, id));
SELECT create_distributed_table('cards', 'account_id', colocate_with => 'accounts');
CREATE TABLE card_events (account_id bigint NOT NULL REFERENCES accounts (account_id), id bigserial, amount money_amount, PRIMARY KEY (account_id, id));
SELECT create_distributed_table('card_events', 'account_id', colocate_with => 'accounts');
CREATE TABLE limits (account_id bigint NOT NULL REFERENCES accounts (account_id), id bigserial, amount money_amount, PRIMARY KEY (account_id, id));
SELECT create_distributed_table('limits', 'account_id', colocate_with => 'accounts');
CREATE TABLE disputes (account_id bigint NOT NULL REFERENCES accounts (account_id), id bigserial, amount money_amount, PRIMARY KEY (account_id, id));
SELECT create_distributed_table('disputes', 'account_id', colocate_with => 'accounts');
CREATE TABLE payouts (account_id bigint NOT NULL REFERENCES accounts (account_id), id bigserial, amount money_amount, PRIMARY KEY (account_id, id));
SELECT create_distributed_table('payouts', 'account_id', colocate_with => 'accounts');
CREATE TABLE account_notes (account_id bigint NOT NULL REFERENCES accounts (account_id), id bigserial, amount money_amount, PRIMARY KEY (account_id, id));
SELECT create_distributed_table('account_notes', 'account_id', colocate_with => 'accounts');

-- local tables on the coordinator (8)
CREATE TABLE job_queue (id bigserial PRIMARY KEY, payload text, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz);
CREATE TABLE job_runs (id bigserial PRIMARY KEY, payload text, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz);
CREATE TABLE schema_notes (id bigserial PRIMARY KEY, payload text, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz);
CREATE TABLE feature_flags (id bigserial PRIMARY KEY, payload text, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz);
CREATE TABLE maintenance_windows (id bigserial PRIMARY KEY, payload text, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz);
CREATE TABLE import_batches (id bigserial PRIMARY KEY, payload text, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz);
CREATE TABLE cache_entries (id bigserial PRIMARY KEY, payload text, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz);
CREATE TABLE outbox (id bigserial PRIMARY KEY, payload text, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz);
CREATE TRIGGER feature_flags_touch BEFORE UPDATE ON feature_flags FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- a second schema: billing (14 tables)
CREATE SCHEMA billing;
CREATE TYPE billing.invoice_state AS ENUM ('draft', 'open', 'paid', 'void');
CREATE FUNCTION billing.next_invoice() RETURNS bigint LANGUAGE sql AS $$ SELECT nextval('invoice_numbers') $$;
CREATE TABLE billing.price_books (id bigserial PRIMARY KEY, code text NOT NULL, amount money_amount);
SELECT create_reference_table('billing.price_books');
CREATE TABLE billing.price_book_entries (id bigserial PRIMARY KEY, code text NOT NULL, amount money_amount);
SELECT create_reference_table('billing.price_book_entries');
CREATE TABLE billing.coupons (id bigserial PRIMARY KEY, code text NOT NULL, amount money_amount);
SELECT create_reference_table('billing.coupons');
CREATE TABLE billing.invoices (tenant_id bigint NOT NULL, id bigserial, amount money_amount, state billing.invoice_state NOT NULL DEFAULT 'draft', PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('billing.invoices', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE billing.invoice_items (tenant_id bigint NOT NULL, id bigserial, amount money_amount, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('billing.invoice_items', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE billing.credit_notes (tenant_id bigint NOT NULL, id bigserial, amount money_amount, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('billing.credit_notes', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE billing.charges (tenant_id bigint NOT NULL, id bigserial, amount money_amount, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('billing.charges', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE billing.charge_attempts (tenant_id bigint NOT NULL, id bigserial, amount money_amount, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('billing.charge_attempts', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE billing.dunning_steps (tenant_id bigint NOT NULL, id bigserial, amount money_amount, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('billing.dunning_steps', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE billing.tax_lines (tenant_id bigint NOT NULL, id bigserial, amount money_amount, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('billing.tax_lines', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE billing.receipts (tenant_id bigint NOT NULL, id bigserial, amount money_amount, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('billing.receipts', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE billing.balance_snapshots (tenant_id bigint NOT NULL, id bigserial, amount money_amount, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('billing.balance_snapshots', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE billing.usage_aggregates (tenant_id bigint NOT NULL, id bigserial, amount money_amount, PRIMARY KEY (tenant_id, id));
SELECT create_distributed_table('billing.usage_aggregates', 'tenant_id', colocate_with => 'tenants');
CREATE TABLE billing.sync_state (id bigserial PRIMARY KEY, cursor text);

INSERT INTO countries (code, name) VALUES ('de', 'Germany'), ('fr', 'France'), ('us', 'United States');
INSERT INTO plans (code, tier) VALUES ('free', 'free'), ('pro', 'pro');

-- a cast of a user type (reset() must drop it with the type)
CREATE FUNCTION plan_tier_rank(plan_tier) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT array_position(enum_range(NULL::plan_tier), $1) $$;
CREATE CAST (plan_tier AS int) WITH FUNCTION plan_tier_rank(plan_tier);
