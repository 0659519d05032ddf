package org.errandless.identity.client;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A partner department's machine client: its granted scopes, daily quota and the hash of its secret. */
@Entity
@Table(name = "partner_client")
public class PartnerClient extends PanacheEntityBase {

    @Id
    public UUID id;
    public String name;
    public String department;
    public String scopes;
    @Column(name = "daily_quota")
    public int dailyQuota;
    @Column(name = "secret_hash")
    public String secretHash;
    @Column(name = "public_key")
    public String publicKey;
    public boolean disabled;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Version
    public long version;

    /** The granted scopes, in the order they were granted. */
    public Set<String> scopeSet() {
        return new LinkedHashSet<>(Arrays.asList(scopes.split(" ")));
    }

    @Override
    public String toString() {
        return "PartnerClient[" + id + ", " + name + ", disabled=" + disabled + "]";
    }
}
