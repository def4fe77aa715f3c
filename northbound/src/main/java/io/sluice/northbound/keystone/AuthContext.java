package io.sluice.northbound.keystone;

import java.util.Set;

/**
 * Who a valid token speaks for: the user, the project it is scoped to and the user's roles there.
 *
 * @param roles role names as Neutron policy reads them ({@code admin}, {@code member})
 */
public record AuthContext(String userId, String userName, String projectId, String projectName, Set<String> roles) {

    public AuthContext {
        roles = Set.copyOf(roles);
    }

    /** The role {@code admin} acts as Neutron admin in any project. */
    public boolean isAdmin() {
        return roles.contains(Role.ADMIN.wireName());
    }
}
