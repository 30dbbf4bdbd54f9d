-- When a service request was resolved (RESOLVED, or CLOSED without a resolution first); cleared when it reopens.
alter table service_request add column resolved_at timestamptz;
update service_request set resolved_at = coalesce(closed_at, updated_at) where status in ('RESOLVED', 'CLOSED');
