package io.sluice.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One long-running {@code ip -batch -} in a host's namespace, fed commands on stdin, so a netlink change costs
 * a write and a read instead of a process start (~5-10 ms on a busy 2-core machine). Output is line-buffered
 * (stdbuf) and each request ends with a {@code link show} of the device, whose one line marks completion.
 */
final class IpBatch implements AutoCloseable {
    private final Process process;
    private final Writer in;
    private final BufferedReader out;

    IpBatch(String namespace) throws IOException {
        process = new ProcessBuilder("stdbuf", "-oL", "-eL", "ip", "-n", namespace, "-o", "-force", "-batch", "-")
                .redirectErrorStream(true).start();
        in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
    }

    /**
     * Renames a (down) device and sets it up: what libvirt's creating the VM's tap amounts to here, the veth
     * pair itself having been made beforehand.
     */
    synchronized void renameUp(String from, String to) throws IOException {
        in.write("link set dev " + from + " name " + to + "\nlink set dev " + to + " up\nlink show dev " + to + "\n");
        in.flush();
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = out.readLine();
            if (line == null) {
                throw new IOException("ip -batch ended: " + lines);
            }
            lines.add(line);
            if (line.contains(to)) {
                if (lines.size() != 1 || !line.matches("^\\d+: " + to + "@.*") || !line.contains(",UP")) {
                    throw new IOException("renaming " + from + " to " + to + " failed: " + lines);
                }
                return;
            }
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // already gone
        }
        process.destroy();
    }
}
