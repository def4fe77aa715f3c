package io.sluice.controller.openflow;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.projectfloodlight.openflow.protocol.OFMessage;

/** A TCP peer of the OpenFlow port that writes whatever bytes a test gives it and reads nothing but EOF. */
public final class RawPeer implements AutoCloseable {
    private final Socket socket;

    public RawPeer(InetSocketAddress controller) throws IOException {
        socket = new Socket(controller.getAddress(), controller.getPort());
        socket.setTcpNoDelay(true);
    }

    public RawPeer send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    public RawPeer send(OFMessage message) throws IOException {
        return send(FakeSwitch.bytesOf(message));
    }

    /**
     * Whether the controller closed the connection within the time. What the controller writes before
     * (its HELLO, a HELLO_FAILED) is read and dropped.
     */
    public boolean awaitClosed(Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        InputStream in = socket.getInputStream();
        byte[] sink = new byte[4096];
        while (true) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            if (System.nanoTime() >= deadline) {
                return false;
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
            try {
                if (in.read(sink) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException stillOpen) {
                return false;
            } catch (IOException reset) {
                return true;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
