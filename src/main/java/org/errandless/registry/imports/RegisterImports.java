package org.errandless.registry.imports;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The register imports, newest first where listed. */
@ApplicationScoped
class RegisterImports implements PanacheRepositoryBase<RegisterImport, UUID> {

    /** A page of imports received before the one with sequence number {@code beforeSeq} (all when null). */
    List<RegisterImport> page(Long beforeSeq, int limit) {
        if (beforeSeq == null) {
            return find("order by seq desc").page(0, limit).list();
        }
        return find("seq < ?1 order by seq desc", beforeSeq).page(0, limit).list();
    }
}
