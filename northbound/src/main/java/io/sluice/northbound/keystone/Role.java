package io.sluice.northbound.keystone;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * The roles Sluice assigns. Neutron policy reads role names: {@code admin} acts as Neutron admin in any project,
 * {@code member} works in its own project.
 */
public enum Role {
    ADMIN("admin"),
    MEMBER("member");

    private final String wireName;
    private final String id;

    Role(String wireName) {
        this.wireName = wireName;
        // Derived from the name so that a role has the same id in every token and across restarts, as in Keystone.
        this.id = Ids.stable("role/" + wireName);
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public String id() {
        return id;
    }

    @JsonCreator
    public static Role fromName(String name) {
        return Arrays.stream(values()).filter(role -> role.wireName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown role '" + name + "' (known: admin, member)"));
    }
}
