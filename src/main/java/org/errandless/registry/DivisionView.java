package org.errandless.registry;

/** A GB/T 2260 division; {@code parentCode} is {@code null} for a province-level one. */
public record DivisionView(String code, String nameZh, String nameEn, String parentCode) {
}
