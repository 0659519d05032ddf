package org.errandless.registry;

/** A police station: code (division code + two digits), name, and the division it serves. */
public record StationView(String code, String name, String divisionCode) {
}
