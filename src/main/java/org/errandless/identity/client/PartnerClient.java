package org.errandless.identity.client;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.BatchSize;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A partner department's machine client: its granted scopes and purposes, daily quota and the hash of its secret.
 */
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
    /** The purposes the client may name in a check (codes of {@link PartnerPurposes}); none for a new client. */
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "partner_client_purpose", joinColumns = @JoinColumn(name = "client_id"))
    @Column(name = "purpose")
    @BatchSize(size = 100)
    public Set<String> purposes = new HashSet<>();

    /** The granted scopes, in the order they were granted. */
    public Set<String> scopeSet() {
        return new LinkedHashSet<>(Arrays.asList(scopes.split(" ")));
    }

    @Override
    public String toString() {
        return "PartnerClient[" + id + ", " + name + ", disabled=" + disabled + "]";
    }
}
