package io.sluice.dataplane.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.dataplane.testing.ConnectedOvsdb;
import io.sluice.dataplane.testing.RequiresOvs;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@RequiresOvs
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostNameResolverE2ETest {
    @AutoClose
    private ConnectedOvsdb ovsdb;

    @BeforeAll
    void start() throws Exception {
        ovsdb = ConnectedOvsdb.startOvsdb();
    }

    private String resolve(Optional<String> override) throws Exception {
        return new HostNameResolver(override, () -> "kernel-name").resolve(ovsdb.client()).get(5, TimeUnit.SECONDS);
    }

    @Test
    void prefersOverrideThenSystemIdThenTheKernelsName() throws Exception {
        ovsdb.bed().vsctl("remove", "Open_vSwitch", ".", "external_ids", "system-id");
        assertThat(resolve(Optional.empty())).isEqualTo("kernel-name");

        ovsdb.bed().vsctl("set", "Open_vSwitch", ".", "external_ids:system-id=hv-from-ovs");
        assertThat(resolve(Optional.empty())).isEqualTo("hv-from-ovs");
        assertThat(resolve(Optional.of("hv-configured"))).isEqualTo("hv-configured");
    }

    @Test
    void readsTheKernelsHostName() {
        assertThat(HostNameResolver.kernelHostName()).isNotBlank().doesNotContain("\n");
    }
}
