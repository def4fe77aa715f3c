package io.sluice.models.tenant;

import static io.sluice.models.tenant.ValidationAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CheckTest {
    @Test
    void uuidAcceptsTheCanonicalForm() {
        assertThat(Check.uuid("id", TenantFixtures.NETWORK)).isEqualTo(TenantFixtures.NETWORK);
    }

    @Test
    void uuidMissing() {
        assertRejected("id", () -> Check.uuid("id", null)).hasMessage("Invalid input for id. Reason: missing.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not-a-uuid", "6F1C9A52-3B7E-4D21-9A0E-1F2B3C4D5E6F", "1-2-3-4-5",
            "6f1c9a523b7e4d219a0e1f2b3c4d5e6f"})
    void uuidRefusesOtherSpellings(String value) {
        assertRejected("id", () -> Check.uuid("id", value)).hasMessageContaining("is not a valid UUID");
    }

    @Test
    void nameDefaultsToEmptyAndIsBounded() {
        assertThat(Check.name("name", null)).isEmpty();
        assertThat(Check.name("name", "x".repeat(255))).hasSize(255);
        assertRejected("name", () -> Check.name("name", "x".repeat(256))).hasMessageContaining("255");
    }

    @Test
    void macIsLowerCased() {
        assertThat(Check.mac("mac_address", "FA:16:3E:0A:0B:0C")).isEqualTo("fa:16:3e:0a:0b:0c");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"fa:16:3e:00:00", "fa-16-3e-00-00-01", "fa163e000001", "gg:16:3e:00:00:01",
            "fa:16:3e:00:00:01:02", "00:00:00:00:00:00"})
    void macRefusesMalformedAndAllZero(String value) {
        assertRejected("mac_address", () -> Check.mac("mac_address", value))
                .hasMessageContaining("is not a valid MAC address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"01:00:5e:00:00:01", "33:33:00:00:00:01", "ff:ff:ff:ff:ff:ff", "fb:16:3e:00:00:01"})
    void macRefusesMulticast(String value) {
        assertRejected("mac_address", () -> Check.mac("mac_address", value))
                .hasMessageContaining("is a multicast MAC address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1", "0.0.0.0", "255.255.255.255"})
    void ipv4AcceptsCanonicalAddresses(String value) {
        assertThat(Check.ipv4("ip", value)).isEqualTo(value);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" 10.0.0.1", "10.0.0.1 ", "10.1", "1.2.3", "010.0.0.1", "10.0.0.01", "4294967295",
            "0x0a.0.0.1", "10.0.0.*", "10.0.0.1-5", "10.0.0.1/32", "256.0.0.1", "::1", "::ffff:10.0.0.1", "host"})
    void ipv4RefusesWhatNeutronRefuses(String value) {
        assertRejected("ip", () -> Check.ipv4("ip", value)).hasMessageContaining("is not a valid IPv4 address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/24", "0.0.0.0/0", "10.0.0.5/32", "192.168.0.0/31"})
    void ipv4CidrAcceptsCanonicalNetworks(String value) {
        assertThat(Check.ipv4Cidr("cidr", value)).isEqualTo(value);
    }

    @Test
    void ipv4CidrWithHostBitsSuggestsTheNetwork() {
        assertRejected("cidr", () -> Check.ipv4Cidr("cidr", "10.0.0.5/24"))
                .hasMessageContaining("has host bits set; did you mean 10.0.0.0/24?");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"10.0.0.0", "10.0.0.0/33", "10.0.0.0/255.255.255.0", "10.0.0.*/24", " 10.0.0.0/24",
            "10.0/24", "::/0", "10.0.0.0/8/8"})
    void ipv4CidrRefusesOtherSpellings(String value) {
        assertRejected("cidr", () -> Check.ipv4Cidr("cidr", value)).hasMessageContaining("is not a valid IPv4 CIDR");
    }

    @Test
    void listCopiesAndTreatsNullAsEmpty() {
        List<String> source = new ArrayList<>(List.of("a"));
        List<String> copy = Check.list(source);
        source.add("b");
        assertThat(copy).containsExactly("a");
        assertThat(Check.list(null)).isEmpty();
        assertThatThrownBy(() -> copy.add("c")).isInstanceOf(UnsupportedOperationException.class);
    }
}
