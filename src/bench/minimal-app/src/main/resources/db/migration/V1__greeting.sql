CREATE TABLE IF NOT EXISTS greeting (
    id   uuid PRIMARY KEY,
    text varchar(200)
);
