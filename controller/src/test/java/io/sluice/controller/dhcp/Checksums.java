package io.sluice.controller.dhcp;

/**
 * The Internet checksum (RFC 1071), written here independently of the code under test so that tests
 * recompute what a receiver would and compare.
 */
final class Checksums {
    private Checksums() {
    }

    /** The one's complement of the one's complement sum of 16-bit words; 0 over data that carries a valid checksum. */
    static int internet(byte[]... parts) {
        long sum = 0;
        for (byte[] part : parts) {
            for (int i = 0; i < part.length; i += 2) {
                int high = part[i] & 0xFF;
                int low = i + 1 < part.length ? part[i + 1] & 0xFF : 0;
                sum += (high << 8) | low;
            }
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    /** The IPv4 pseudo-header UDP's checksum covers (RFC 768). */
    static byte[] pseudoHeader(byte[] source, byte[] destination, int udpLength) {
        byte[] header = new byte[12];
        System.arraycopy(source, 0, header, 0, 4);
        System.arraycopy(destination, 0, header, 4, 4);
        header[9] = 17;
        header[10] = (byte) (udpLength >> 8);
        header[11] = (byte) udpLength;
        return header;
    }
}
