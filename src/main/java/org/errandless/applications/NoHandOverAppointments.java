package org.errandless.applications;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;

/** Used while no appointment feature is installed: applications show no appointment. */
@DefaultBean
@ApplicationScoped
public class NoHandOverAppointments implements HandOverAppointments {

    @Override
    public String column() {
        return "cast(null as text)";
    }
}
