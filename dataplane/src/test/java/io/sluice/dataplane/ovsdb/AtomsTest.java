package io.sluice.dataplane.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AtomsTest {
    private final ObjectMapper mapper = new ObjectMapper();

    private JsonNode json(String text) throws Exception {
        return mapper.readTree(text);
    }

    @Test
    void buildsTheRfc7047Notation() throws Exception {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("disable-in-band", "true");
        config.put("a", "b");

        assertThat(Atoms.uuid("3f2a")).isEqualTo(json("[\"uuid\",\"3f2a\"]"));
        assertThat(Atoms.namedUuid("bridge")).isEqualTo(json("[\"named-uuid\",\"bridge\"]"));
        assertThat(Atoms.set(Atoms.namedUuid("p"))).isEqualTo(json("[\"set\",[[\"named-uuid\",\"p\"]]]"));
        assertThat(Atoms.stringSet(List.of("OpenFlow13"))).isEqualTo(json("[\"set\",[\"OpenFlow13\"]]"));
        assertThat(Atoms.set()).isEqualTo(json("[\"set\",[]]"));
        assertThat(Atoms.map(config)).isEqualTo(json("[\"map\",[[\"disable-in-band\",\"true\"],[\"a\",\"b\"]]]"));
    }

    @Test
    void readsSetsInBothForms() throws Exception {
        assertThat(Atoms.stringSet(json("[\"set\",[\"OpenFlow10\",\"OpenFlow13\"]]")))
                .containsExactly("OpenFlow10", "OpenFlow13");
        // A one-element set may come as the bare atom.
        assertThat(Atoms.stringSet(json("\"OpenFlow13\""))).containsExactly("OpenFlow13");
        assertThat(Atoms.uuidSet(json("[\"uuid\",\"u1\"]"))).containsExactly("u1");
        assertThat(Atoms.uuidSet(json("[\"set\",[[\"uuid\",\"u1\"],[\"uuid\",\"u2\"]]]"))).containsExactly("u1", "u2");
        assertThat(Atoms.uuidSet(json("[\"set\",[]]"))).isEmpty();
    }

    @Test
    void readsOptionalStringsAndMaps() throws Exception {
        assertThat(Atoms.optionalString(json("[\"set\",[]]"))).isEmpty();
        assertThat(Atoms.optionalString(json("\"secure\""))).contains("secure");
        assertThat(Atoms.stringMap(json("[\"map\",[[\"system-id\",\"hv1\"]]]"))).containsExactly(Map.entry("system-id", "hv1"));
        assertThat(Atoms.stringMap(json("[\"map\",[]]"))).isEmpty();
    }

    @Test
    void rejectsWhatIsNotTheExpectedAtom() throws Exception {
        JsonNode notUuid = json("[\"named-uuid\",\"x\"]");
        assertThatThrownBy(() -> Atoms.uuidOf(notUuid)).isInstanceOf(IllegalArgumentException.class);
        JsonNode notMap = json("[\"set\",[]]");
        assertThatThrownBy(() -> Atoms.stringMap(notMap)).isInstanceOf(IllegalArgumentException.class);
    }
}
