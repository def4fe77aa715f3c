package io.sluice.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GRE traffic on the test bed's underlay, captured by tcpdump in the fabric namespace on one host's uplink
 * (everything that host's tunnels send and receive) and read back with tcpdump's own decoders.
 */
final class UnderlayCapture {
    /** One MPLS-over-GRE packet: outer source and destination (tunnel IPs) and the label it carries. */
    record MplsPacket(String from, String to, int label) {
    }

    /** What a capture held: how many GRE packets, and those whose GRE protocol is 0x8847 (MPLS unicast). */
    record Packets(int gre, List<MplsPacket> mplsOverGre) {
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String GRE = "ip proto gre";
    // The GRE protocol field, 2 bytes into the GRE header, behind an outer IPv4 header without options.
    private static final String GRE_MPLS = GRE + " and ip[0] & 0xf = 5 and ip[22:2] = 0x8847";
    private static final Pattern MPLS_LINE = Pattern.compile(
            "IP (\\d+\\.\\d+\\.\\d+\\.\\d+) > (\\d+\\.\\d+\\.\\d+\\.\\d+): GREv0, .*?MPLS \\(label (\\d+),");

    private final Process tcpdump;
    private final Path file;

    private UnderlayCapture(Process tcpdump, Path file) {
        this.tcpdump = tcpdump;
        this.file = file;
    }

    /** Starts capturing GRE on a host's uplink into {@code file} (a pcap), once tcpdump listens. */
    static UnderlayCapture onUplinkOf(TestBed bed, String host, Path file) throws Exception {
        return onUplinkOf(bed, host, file, GRE);
    }

    /** Starts capturing what {@code filter} (tcpdump's) lets through on a host's uplink. */
    static UnderlayCapture onUplinkOf(TestBed bed, String host, Path file, String filter) throws Exception {
        Files.deleteIfExists(file);
        Path log = file.resolveSibling(file.getFileName() + ".log");
        Files.deleteIfExists(log);
        // Each packet is read as it comes (--immediate-mode: not a second later with the kernel's block of
        // packets) and written at once (-U), so stopping tcpdump right after the traffic loses none.
        Process tcpdump = bed.spawn(bed.fabricNamespace(), List.of("tcpdump", "-i", bed.fact(host, "UPLINK"), "-n",
                "--immediate-mode", "-U", "-w", file.toString(), filter), log);
        SluiceCluster.await("tcpdump listening on " + host + "'s uplink", TIMEOUT,
                () -> Files.exists(log) && read(log).contains("listening on"));
        return new UnderlayCapture(tcpdump, file);
    }

    /** Stops the capture and reads it back. */
    Packets stop() {
        Processes.stop(tcpdump);
        return new Packets(decode(GRE).size(), decode(GRE_MPLS).stream().map(UnderlayCapture::mplsPacket).toList());
    }

    /** Stops the capture and counts the packets each filter lets through. */
    List<Integer> stopAndCount(List<String> filters) {
        Processes.stop(tcpdump);
        return filters.stream().map(filter -> decode(filter).size()).toList();
    }

    private List<String> decode(String filter) {
        List<String> command = List.of("tcpdump", "-r", file.toString(), "-n", filter);
        String output = Shell.run(file.getParent(), TIMEOUT, command).orThrow(command).output();
        List<String> packets = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.contains(" IP ")) {
                packets.add(line);
            }
        }
        return packets;
    }

    private static MplsPacket mplsPacket(String line) {
        Matcher m = MPLS_LINE.matcher(line);
        if (!m.find()) {
            throw new AssertionError("GRE protocol 0x8847 but no MPLS label decoded: " + line);
        }
        return new MplsPacket(m.group(1), m.group(2), Integer.parseInt(m.group(3)));
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
