package org.errandless.registry;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Demo only: the mobile number a demo carrier check knows for a demo person, protected like any phone number. Empty
 * outside demo data; a real carrier check never reads it.
 */
@Entity
@Table(name = "demo_mobile")
class DemoMobile {

    @Id
    @Column(name = "person_id")
    private UUID personId;

    @Column(name = "phone_cipher", nullable = false)
    private String phoneCipher;

    @Column(name = "phone_hash", nullable = false, unique = true)
    private String phoneHash;

    protected DemoMobile() {
    }

    UUID personId() {
        return personId;
    }

    String phoneCipher() {
        return phoneCipher;
    }
}
