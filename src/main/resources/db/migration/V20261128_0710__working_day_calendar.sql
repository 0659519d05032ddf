-- The working-day calendar: which years' national holiday arrangements we know, and their exceptional days.
-- Every other day of a covered year follows the week (Monday to Friday work); for a year without a row in
-- calendar_year deadlines assume weekdays and say they are provisional. Rows are loaded at startup from the
-- bundled reference/holidays-cn-<year>.json when the year is missing, and replaced by admins.

CREATE TABLE calendar_year (
    year       integer      PRIMARY KEY CHECK (year BETWEEN 1900 AND 2200),
    -- where the arrangement comes from (e.g. the State Council notice)
    source     varchar(500),
    updated_at timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE calendar_day (
    day  date        PRIMARY KEY,
    year integer     NOT NULL REFERENCES calendar_year (year) ON DELETE CASCADE,
    -- HOLIDAY: off although a weekday; MAKE_UP_WORKDAY (调休): a working day although a weekend
    kind varchar(16) NOT NULL CHECK (kind IN ('HOLIDAY', 'MAKE_UP_WORKDAY')),
    name varchar(100),
    CONSTRAINT calendar_day_in_its_year CHECK (extract(year FROM day) = year),
    CONSTRAINT calendar_day_holiday_named CHECK (kind <> 'HOLIDAY' OR name IS NOT NULL)
);
CREATE INDEX calendar_day_year_idx ON calendar_day (year);
