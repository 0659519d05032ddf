package org.errandless.appointments;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.errandless.common.time.BusinessClock;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * Sends the appointment reminders due on the business date, every {@code errandless.appointments.reminders.every}
 * on every instance; {@link AppointmentReminders} claims its rows with {@code SKIP LOCKED}, so each goes out once.
 */
@ApplicationScoped
public class AppointmentReminderJob {

    private static final Logger LOG = Logger.getLogger(AppointmentReminderJob.class);

    @Inject
    AppointmentReminders reminders;
    @Inject
    BusinessClock clock;

    @Scheduled(identity = "appointment-reminders", every = "{errandless.appointments.reminders.every}",
            delayed = "{errandless.jobs.first-run-after}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        int sent = reminders.send(clock.today());
        if (sent > 0) {
            LOG.infof("Appointment reminders: %d sent", sent);
        }
    }
}
