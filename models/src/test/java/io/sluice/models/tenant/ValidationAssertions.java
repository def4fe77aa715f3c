package io.sluice.models.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Asserts a value is refused for the right attribute, so a test cannot pass on some other failure. */
public final class ValidationAssertions {
    private ValidationAssertions() {
    }

    public static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(String attribute,
                                                                                 ThrowingCallable build) {
        return assertThatThrownBy(build).isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).attribute()).isEqualTo(attribute));
    }
}
