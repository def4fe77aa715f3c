package io.sluice.dataplane.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.sluice.dataplane.ovsdb.OvsdbClient;
import io.sluice.dataplane.testing.OvsTestBed;
import io.sluice.dataplane.testing.RequiresOvs;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@RequiresOvs
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostNameResolverE2ETest {
    private EventLoopGroup group;
    private OvsTestBed bed;
    private OvsdbClient client;

    @BeforeAll
    void start() throws Exception {
        group = new EpollEventLoopGroup(1);
        bed = OvsTestBed.startOvsdb();
        client = OvsdbClient.connect(group, bed.socket(), new ObjectMapper()).get(5, TimeUnit.SECONDS);
    }

    @AfterAll
    void stop() {
        if (client != null) {
            client.close();
        }
        if (bed != null) {
            bed.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private String resolve(Optional<String> override) throws Exception {
        return new HostNameResolver(override, () -> "kernel-name").resolve(client).get(5, TimeUnit.SECONDS);
    }

    @Test
    void prefersOverrideThenSystemIdThenTheKernelsName() throws Exception {
        bed.vsctl("remove", "Open_vSwitch", ".", "external_ids", "system-id");
        assertThat(resolve(Optional.empty())).isEqualTo("kernel-name");

        bed.vsctl("set", "Open_vSwitch", ".", "external_ids:system-id=hv-from-ovs");
        assertThat(resolve(Optional.empty())).isEqualTo("hv-from-ovs");
        assertThat(resolve(Optional.of("hv-configured"))).isEqualTo("hv-configured");
    }

    @Test
    void readsTheKernelsHostName() {
        assertThat(HostNameResolver.kernelHostName()).isNotBlank().doesNotContain("\n");
    }
}
