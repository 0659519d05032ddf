package org.errandless.certificates;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The issued e-certificates. */
@ApplicationScoped
class Certificates implements PanacheRepositoryBase<Certificate, UUID> {

    Optional<Certificate> ofApplication(UUID applicationId, CertificateType type) {
        return find("applicationId = ?1 and type = ?2", applicationId, type).firstResultOptional();
    }

    /** The holder's certificate of an application (the newest, should a future service yield several). */
    Optional<Certificate> ofApplicationHeldBy(UUID applicationId, UUID holderAccountId) {
        return find("applicationId = ?1 and holderAccountId = ?2 order by issuedAt desc, id", applicationId,
                holderAccountId).firstResultOptional();
    }

    /** The newest certificate of an application, whoever holds it. */
    Optional<Certificate> newestOf(UUID applicationId) {
        return find("applicationId = ?1 order by issuedAt desc, id", applicationId).firstResultOptional();
    }

    /** The holder's certificates, oldest first, after a position ({@code afterIssuedAt} null: from the first). */
    List<Certificate> heldBy(UUID holderAccountId, UUID holderPersonId, Instant afterIssuedAt, UUID afterId,
            int limit) {
        // holderPersonId null matches nothing (= null is never true)
        if (afterIssuedAt == null) {
            return find("(holderAccountId = ?1 or holderPersonId = ?2) order by issuedAt, id", holderAccountId,
                    holderPersonId).range(0, limit - 1).list();
        }
        return find("(holderAccountId = ?1 or holderPersonId = ?2) and (issuedAt > ?3 or (issuedAt = ?3 and id > ?4)) "
                + "order by issuedAt, id", holderAccountId, holderPersonId, afterIssuedAt, afterId)
                .range(0, limit - 1).list();
    }

    Optional<Certificate> byVerificationCode(String code) {
        return find("verificationCode", code).firstResultOptional();
    }

    boolean codeTaken(String code) {
        return count("verificationCode", code) > 0;
    }
}
