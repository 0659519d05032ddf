-- The purposes each partner client may name in a check, granted and revoked by admins (on the audit trail); a check
-- naming any other purpose is refused (403 purpose-not-granted). Codes are those of the sharing feature's purposes.
CREATE TABLE partner_client_purpose (
    client_id uuid        NOT NULL REFERENCES partner_client (id) ON DELETE CASCADE,
    purpose   varchar(64) NOT NULL,
    PRIMARY KEY (client_id, purpose)
);

-- Clients registered before purposes were granted could name any purpose; they keep exactly that, so no partner's
-- integration breaks at the upgrade. Admins narrow each to what its department needs (DELETE
-- /api/v1/admin/clients/{id}/purposes/{purpose}); clients registered from now on start with none.
INSERT INTO partner_client_purpose (client_id, purpose)
SELECT client.id, purpose.code
FROM partner_client client
CROSS JOIN (VALUES ('SOCIAL_ASSISTANCE'), ('PENSION_ENTITLEMENT'), ('BIRTH_MEDICAL_CERTIFICATE'),
                   ('MARRIAGE_REGISTRATION'), ('PUBLIC_RENTAL_HOUSING'), ('FUNERAL_ALLOWANCE'),
                   ('SCHOOL_ENROLMENT')) AS purpose (code);
