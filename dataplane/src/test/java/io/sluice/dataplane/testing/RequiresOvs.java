package io.sluice.dataplane.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks an end-to-end test class that runs real Open vSwitch. Without the tools (or without root, if
 * {@link #root()}) its tests fail with CI=true and are reported skipped, with the reason, otherwise.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("e2e")
@ExtendWith(OvsRequirement.class)
public @interface RequiresOvs {
    /** Whether the tests also need root: network namespaces and ovs-vswitchd. */
    boolean root() default false;

    /** Further tools the tests run: a name on PATH, or an absolute path. */
    String[] tools() default {};
}
