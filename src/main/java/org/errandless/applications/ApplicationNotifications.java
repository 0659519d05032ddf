package org.errandless.applications;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.errandless.catalog.CalendarService;
import org.errandless.catalog.CatalogService;
import org.errandless.catalog.CountingUnit;
import org.errandless.catalog.ServiceItemView;
import org.errandless.common.time.BusinessClock;
import org.errandless.identity.citizen.CitizenAccount;
import org.errandless.identity.citizen.CitizenAccounts;
import org.errandless.notifications.Outbox;
import org.jboss.logging.Logger;

/**
 * Tells the applicant, by SMS and push (through the outbox, in the transaction of the transition), of every PUBLIC
 * status change of their application, one message per change: created, submitted (and resubmitted), supplement
 * required, accepted, suspended, resumed, approved, completed, rejected, withdrawn; an instant service's submission
 * and its completion by the system are two changes, so two messages. Every change on the public timeline is one the
 * citizen may want to hear of on another device, or may not have made themselves (a stolen session creating or
 * withdrawing an application). The texts are short and say nothing the citizen does not know: the service's name,
 * the new status and, where there is one, the date by which it is due; never comments, reasons or other people's
 * data (the app shows those after sign-in). INTERNAL events (officers' notes) are not told.
 *
 * <p>It never fails the transition for a message: an applicant account that cannot be found is logged and skipped.
 */
@ApplicationScoped
public class ApplicationNotifications {

    private static final Logger LOG = Logger.getLogger(ApplicationNotifications.class);
    private static final DateTimeFormatter MONTH_DAY = DateTimeFormatter.ofPattern("M月d日");
    /** Working days a station has to accept, refuse or ask for a supplement after a submission (DOMAIN.md). */
    static final int ACCEPTANCE_WORKING_DAYS = 5;

    @Inject
    Outbox outbox;
    @Inject
    CitizenAccounts accounts;
    @Inject
    CatalogService catalog;
    @Inject
    CalendarService calendar;

    void onStatusChanged(@Observes ApplicationStatusChanged change) {
        if (!change.publicEvent() || change.from() == change.to()) {
            return;
        }
        Optional<ServiceItemView> service = catalog.findService(change.serviceCode());
        String text = text(change, service);
        Optional<CitizenAccount> account = accounts.byId(change.applicantAccountId());
        if (account.isEmpty()) {
            LOG.warnf("Application %s: applicant account %s not found, status %s not notified",
                    change.applicationId(), change.applicantAccountId(), change.to());
            return;
        }
        outbox.notifyCitizen(account.get().id, accounts.phoneOf(account.get()), change.applicationId(), text);
    }

    /** The message for a change. */
    String text(ApplicationStatusChanged change, Optional<ServiceItemView> service) {
        String name = "您的" + service.map(item -> item.name().zh()).orElse("") + "申请";
        LocalDate day = change.at().atZone(BusinessClock.ZONE).toLocalDate();
        boolean instant = service.map(ServiceItemView::isInstant).orElse(false);
        return switch (change.to()) {
            case DRAFT -> name + "已创建，备齐材料后请在APP中提交。";
            case SUBMITTED -> instant ? name + "已提交，系统即时办理。"
                    : name + (change.from() == ApplicationStatus.SUPPLEMENT_REQUIRED ? "已重新提交" : "已提交")
                            + "，派出所将于" + date(calendar.dueDate(day, ACCEPTANCE_WORKING_DAYS,
                                    CountingUnit.WORKING_DAYS).date()) + "前受理或告知。";
            case SUPPLEMENT_REQUIRED -> name + "需补正材料，请在APP中查看一次性告知的材料清单并补交。";
            case ACCEPTED -> change.from() == ApplicationStatus.SUSPENDED
                    ? name + "已恢复办理，可在APP中查看新的办理期限。"
                    : name + "已受理" + service.filter(item -> !item.isInstant())
                            .map(item -> "，办理期限至" + date(calendar.dueDate(day, item.timeLimit().amount(),
                                    item.timeLimit().unit()).date()))
                            .orElse("") + "。";
            case SUSPENDED -> name + "已中止办理，办理期限相应顺延，原因请在APP中查看。";
            case APPROVED -> name + "已审批通过，领取方式请在APP中查看。";
            case COMPLETED -> name + "已办结，办理结果请在APP中查看。";
            case REJECTED -> name + (change.from() == ApplicationStatus.SUBMITTED ? "未予受理" : "未获批准")
                    + "，原因请在APP中查看。";
            case WITHDRAWN -> name + "已撤回。如非本人操作，请尽快联系派出所。";
        };
    }

    private static String date(LocalDate date) {
        return MONTH_DAY.format(date);
    }
}
