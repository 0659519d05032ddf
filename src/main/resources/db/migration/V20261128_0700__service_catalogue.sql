-- The service catalogue (政务服务事项): service items, the materials they need and each item's time limit.
-- The catalogue is data, not code: this migration creates it and seeds the six services we ship, in every
-- profile (prod included), because it is the real catalogue; admins change it later through the API.

CREATE TABLE service_item (
    code                    varchar(64)  PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_]*$'),
    name_zh                 varchar(200) NOT NULL CHECK (btrim(name_zh) <> ''),
    name_en                 varchar(200) NOT NULL CHECK (btrim(name_en) <> ''),
    -- the promised time limit (承诺时限); 0 means the service is decided at once (instant)
    time_limit_amount       integer      NOT NULL CHECK (time_limit_amount BETWEEN 0 AND 3650),
    time_limit_unit         varchar(16)  NOT NULL CHECK (time_limit_unit IN ('WORKING_DAYS', 'CALENDAR_DAYS')),
    minimum_assurance_level varchar(2)   NOT NULL CHECK (minimum_assurance_level IN ('L1', 'L2', 'L3')),
    handling_mode           varchar(32)  NOT NULL CHECK (handling_mode IN ('FULLY_ONLINE', 'ONLINE_WITH_PICKUP')),
    -- approval leaves the application APPROVED until something is handed over (e.g. the ID card), then COMPLETED
    hand_over_step          boolean      NOT NULL DEFAULT false,
    sort_order              integer      NOT NULL UNIQUE,
    updated_at              timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE material (
    code              varchar(64)  PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_]*$'),
    name_zh           varchar(200) NOT NULL CHECK (btrim(name_zh) <> ''),
    name_en           varchar(200) NOT NULL CHECK (btrim(name_en) <> ''),
    -- UPLOAD: the citizen hands it in; SHARED: fetched from a partner department; REGISTRY: we hold it already
    source            varchar(16)  NOT NULL CHECK (source IN ('UPLOAD', 'SHARED', 'REGISTRY')),
    source_department varchar(32)  CHECK (source_department IN ('HEALTH', 'CIVIL_AFFAIRS', 'HOUSING')),
    CONSTRAINT material_department_iff_shared CHECK ((source = 'SHARED') = (source_department IS NOT NULL))
);

-- Which materials a service needs. Materials of one service with the same one_of_group are alternatives:
-- any one of them satisfies the group.
CREATE TABLE service_item_material (
    service_code  varchar(64) NOT NULL REFERENCES service_item (code) ON DELETE CASCADE,
    material_code varchar(64) NOT NULL REFERENCES material (code),
    required      boolean     NOT NULL,
    one_of_group  varchar(64) CHECK (one_of_group ~ '^[A-Z][A-Z0-9_]*$'),
    sort_order    integer     NOT NULL,
    PRIMARY KEY (service_code, material_code),
    UNIQUE (service_code, sort_order)
);
CREATE INDEX service_item_material_material_idx ON service_item_material (material_code);

INSERT INTO material (code, name_zh, name_en, source, source_department) VALUES
    ('BIRTH_MEDICAL_CERTIFICATE', '出生医学证明', 'Birth medical certificate', 'SHARED', 'HEALTH'),
    ('MARRIAGE_CERTIFICATE', '结婚证', 'Marriage certificate', 'SHARED', 'CIVIL_AFFAIRS'),
    ('PROPERTY_CERTIFICATE', '不动产权证书', 'Property ownership certificate', 'SHARED', 'HOUSING'),
    ('RELATIONSHIP_PROOF', '亲属关系证明', 'Proof of family relationship', 'UPLOAD', NULL),
    ('ID_PHOTO', '身份证相片', 'ID card photo', 'UPLOAD', NULL),
    ('TENANCY_PROOF', '房屋租赁合同', 'Tenancy agreement', 'UPLOAD', NULL),
    ('DEATH_MEDICAL_CERTIFICATE', '居民死亡医学证明（推断）书', 'Medical certificate of death', 'SHARED', 'HEALTH'),
    ('HOUSEHOLD_REGISTER_RECORD', '户籍登记信息', 'Household register record', 'REGISTRY', NULL);

INSERT INTO service_item (code, name_zh, name_en, time_limit_amount, time_limit_unit, minimum_assurance_level,
                          handling_mode, hand_over_step, sort_order) VALUES
    ('BIRTH_REGISTRATION', '出生登记', 'Birth registration', 1, 'WORKING_DAYS', 'L2', 'FULLY_ONLINE', false, 1),
    ('MOVE_IN', '户口迁入（市内购房/投靠）', 'Household move-in (home purchase or joining relatives within Chongqing)',
        20, 'WORKING_DAYS', 'L3', 'FULLY_ONLINE', false, 2),
    ('HOUSEHOLD_CERTIFICATE', '户籍证明', 'Household registration certificate', 0, 'WORKING_DAYS', 'L2',
        'FULLY_ONLINE', false, 3),
    ('ID_CARD_RENEWAL', '居民身份证换领', 'Resident ID card renewal', 60, 'CALENDAR_DAYS', 'L3',
        'ONLINE_WITH_PICKUP', true, 4),
    ('ADDRESS_CHANGE', '住址变更', 'Change of address', 5, 'WORKING_DAYS', 'L2', 'FULLY_ONLINE', false, 5),
    ('DEATH_DEREGISTRATION', '死亡注销', 'Deregistration after death', 1, 'WORKING_DAYS', 'L2', 'FULLY_ONLINE',
        false, 6);

INSERT INTO service_item_material (service_code, material_code, required, one_of_group, sort_order) VALUES
    ('BIRTH_REGISTRATION', 'BIRTH_MEDICAL_CERTIFICATE', true, NULL, 1),
    ('BIRTH_REGISTRATION', 'MARRIAGE_CERTIFICATE', false, NULL, 2),
    ('MOVE_IN', 'PROPERTY_CERTIFICATE', true, 'SETTLEMENT_BASIS', 1),
    ('MOVE_IN', 'RELATIONSHIP_PROOF', true, 'SETTLEMENT_BASIS', 2),
    ('MOVE_IN', 'ID_PHOTO', true, NULL, 3),
    ('HOUSEHOLD_CERTIFICATE', 'HOUSEHOLD_REGISTER_RECORD', true, NULL, 1),
    ('ID_CARD_RENEWAL', 'ID_PHOTO', true, NULL, 1),
    ('ADDRESS_CHANGE', 'PROPERTY_CERTIFICATE', true, 'NEW_ADDRESS_PROOF', 1),
    ('ADDRESS_CHANGE', 'TENANCY_PROOF', true, 'NEW_ADDRESS_PROOF', 2),
    ('DEATH_DEREGISTRATION', 'DEATH_MEDICAL_CERTIFICATE', true, NULL, 1);
