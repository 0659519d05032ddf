package org.errandless.registry;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The registered persons. */
@ApplicationScoped
class Persons implements PanacheRepositoryBase<Person, UUID> {

    Optional<Person> byIdNumberHash(String hash) {
        return find("idNumberHash", hash).firstResultOptional();
    }

    List<String> existingHashes(Collection<String> hashes) {
        return getEntityManager()
                .createQuery("select p.idNumberHash from Person p where p.idNumberHash in :hashes", String.class)
                .setParameter("hashes", hashes).getResultList();
    }

    /** Active members, head first, then oldest first. */
    List<Person> activeMembers(UUID householdId) {
        return getEntityManager().createQuery("select p from Person p where p.householdId = :household"
                + " and p.status = :active order by case when p.relationship = :head then 0 else 1 end, p.birthDate, p.id",
                Person.class).setParameter("household", householdId).setParameter("active", PersonStatus.ACTIVE)
                .setParameter("head", Relationship.HEAD).getResultList();
    }
}
