package io.sluice.dataplane.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.sluice.dataplane.ovsdb.OvsdbClient;
import java.util.concurrent.TimeUnit;

/**
 * An {@link OvsTestBed} with an event loop and an {@link OvsdbClient} connected to it: what an e2e test
 * class starts once and holds in an {@code @AutoClose} field. {@link #close()} closes the client, the bed
 * and the event loop in that order; a start that fails half-way closes what it had opened.
 */
public final class ConnectedOvsdb implements AutoCloseable {
    private final ObjectMapper mapper = new ObjectMapper();
    private final EventLoopGroup group = new EpollEventLoopGroup(1);
    private OvsTestBed bed;
    private OvsdbClient client;

    private ConnectedOvsdb() {
    }

    /** ovsdb-server only. */
    public static ConnectedOvsdb startOvsdb() throws Exception {
        return start(false, OvsTestBed.PREFIX);
    }

    /** ovsdb-server only, its run dir named with the caller's {@code prefix}. */
    public static ConnectedOvsdb startOvsdb(String prefix) throws Exception {
        return start(false, prefix);
    }

    /** ovsdb-server and ovs-vswitchd in a network namespace: needs root. */
    public static ConnectedOvsdb startWithVswitchd() throws Exception {
        return start(true, OvsTestBed.PREFIX);
    }

    private static ConnectedOvsdb start(boolean withVswitchd, String prefix) throws Exception {
        ConnectedOvsdb ovsdb = new ConnectedOvsdb();
        try {
            ovsdb.bed = OvsTestBed.startOvsdb(prefix);
            if (withVswitchd) {
                ovsdb.bed.startVswitchd();
            }
            ovsdb.client = ovsdb.connect();
            return ovsdb;
        } catch (Exception | AssertionError e) {
            ovsdb.close();
            throw e;
        }
    }

    public EventLoopGroup group() {
        return group;
    }

    public OvsTestBed bed() {
        return bed;
    }

    /** The shared connection, closed by {@link #close()}. */
    public OvsdbClient client() {
        return client;
    }

    /** A further connection, for the caller to close. */
    public OvsdbClient connect() throws Exception {
        return OvsdbClient.connect(group, bed.socket(), mapper).get(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        if (bed != null) {
            bed.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
