package io.sluice.models.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.models.tenant.NeutronFault;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Asserts the Neutron error a client would see: type, HTTP status and message. */
final class FaultAssertions {
    private FaultAssertions() {
    }

    static AbstractThrowableAssert<?, ? extends Throwable> assertFault(String type, int status,
                                                                       ThrowingCallable call) {
        return assertThatThrownBy(call).isInstanceOf(NeutronFault.class).satisfies(e -> {
            NeutronFault fault = (NeutronFault) e;
            assertThat(fault.type()).isEqualTo(type);
            assertThat(fault.status()).isEqualTo(status);
        });
    }
}
