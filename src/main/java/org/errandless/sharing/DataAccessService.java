package org.errandless.sharing;

import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.errandless.audit.AccessLog;
import org.errandless.audit.AccessRecord;
import org.errandless.common.web.Page;
import org.errandless.identity.citizen.CitizenAccount;
import org.errandless.identity.citizen.ProfileService;

/**
 * The citizen's view of the access log: every read of the data of the person their account is bound to. An account
 * not bound to a person (L1, or one whose identity moved to another account) has no records: the list is empty, not
 * refused, because nothing about them has been read under this account.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class DataAccessService {

    /** Plain words for the kinds of data read, Chinese and English; unknown kinds are shown as they are. */
    private static final Map<String, String[]> WHAT = Map.of(
            PartnerCheckService.RESIDENCY, new String[] { "户籍居住状态核验", "Residency check" },
            PartnerCheckService.RELATIONSHIP, new String[] { "家庭关系核验", "Relationship check" },
            PartnerCheckService.VITAL_STATUS, new String[] { "生存状态核验", "Vital-status check" },
            "application", new String[] { "办件材料", "Application" },
            "document", new String[] { "上传的文件", "Uploaded document" },
            "person", new String[] { "户籍信息", "Registry record" },
            "household", new String[] { "户信息", "Household record" },
            "shared-material", new String[] { "共享材料", "Shared material" });

    @Inject
    ProfileService profiles;
    @Inject
    AccessLog accessLog;

    public Page<DataAccessItem> list(UUID accountId, String cursor, Integer limit, boolean english) {
        CitizenAccount account = profiles.account(accountId);
        if (account.personId == null) {
            // still check the cursor and limit, so a bad one is refused the same way for everybody
            accessLog.listForPerson(new UUID(0, 0), cursor, limit);
            return Page.last(java.util.List.of());
        }
        Page<AccessRecord> page = accessLog.listForPerson(account.personId, cursor, limit);
        return new Page<>(page.items().stream().map(record -> item(record, english)).toList(), page.nextCursor());
    }

    private static DataAccessItem item(AccessRecord record, boolean english) {
        String[] what = WHAT.get(record.what());
        return new DataAccessItem(record.occurredAt(), record.accessorLabel(),
                what == null ? record.what() : what[english ? 1 : 0], record.purpose(), record.legalBasis(),
                record.readCount(), record.lastAt());
    }
}
