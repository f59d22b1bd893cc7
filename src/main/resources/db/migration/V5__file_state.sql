-- Uploaded files copied to the target's file store (pair.<id>.files = copy): per resource, what A said of the file
-- when it was sent (size, last_modified, hash), so an unchanged file is not sent again.
CREATE TABLE file_state (
    pair_id       VARCHAR(100) NOT NULL,
    resource_id   VARCHAR(100) NOT NULL,
    package_id    VARCHAR(100) NOT NULL,
    file_size     BIGINT,
    last_modified VARCHAR(40),
    file_hash     VARCHAR(200),
    sent_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (pair_id, resource_id)
);
CREATE INDEX file_state_package ON file_state (pair_id, package_id);
