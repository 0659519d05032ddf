-- Fixed-window rate-limit counters shared by every instance (see common/ratelimit/RateLimiter).
-- bucket is "<limit name>:<keyed hash of the subject>": no address or phone number is stored.
-- expires_at is the end of the window; rows past it are purged.
create table rate_limit_counter (
    bucket       varchar(100) not null,
    window_start timestamptz  not null,
    hits         integer      not null check (hits >= 0),
    expires_at   timestamptz  not null,
    primary key (bucket, window_start)
);

create index rate_limit_counter_expires_at on rate_limit_counter (expires_at);
