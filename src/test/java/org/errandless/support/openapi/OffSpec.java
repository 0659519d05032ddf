package org.errandless.support.openapi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Turns the {@link SpecValidationFilter} off for a test method or a whole test class that deliberately receives an
 * answer the published spec does not describe (say why in a comment beside it). Everything else is checked.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
public @interface OffSpec {
}
