package io.sluice.dataplane.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class BridgeSpecTest {
    @Test
    void writesOvsTcpTargets() throws Exception {
        assertThat(BridgeSpec.tcpTarget(InetAddress.getByName("198.51.100.1"), 6653)).isEqualTo("tcp:198.51.100.1:6653");
        assertThat(BridgeSpec.tcpTarget(InetAddress.getByName("2001:db8::1"), 6653)).isEqualTo("tcp:[2001:db8:0:0:0:0:0:1]:6653");
    }
}
