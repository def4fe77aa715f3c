package io.sluice.northbound.neutron;

import io.sluice.models.tenant.NeutronFault;

/**
 * A client error of the API layer (request shape, policy, conflicts it finds), answered like every
 * {@link NeutronFault}: the type is the name of the exception class Neutron raises for the same fault, which
 * clients (neutronclient, Nova) map back to their own exceptions by name.
 */
final class ApiError extends NeutronFault {
    private static final long serialVersionUID = 1L;

    ApiError(int status, String type, String message) {
        super(type, status, message);
    }

    /** What webob's HTTPBadRequest carries: validation of the request itself. */
    static ApiError badRequest(String message) {
        return new ApiError(400, "HTTPBadRequest", message);
    }

    /** neutron_lib's BadRequest(resource, msg): a request its plugin finds wrong, "Bad router request: ...". */
    static ApiError badResource(String resource, String message) {
        return new ApiError(400, "BadRequest", "Bad " + resource + " request: " + message);
    }

    /** Neutron's "Invalid input for X. Reason: Y." for an attribute whose value is wrong. */
    static ApiError invalid(String attribute, String reason) {
        return badRequest("Invalid input for " + attribute + ". Reason: " + reason + ".");
    }

    static ApiError policy(String rule) {
        return new ApiError(403, "PolicyNotAuthorized", rule + " is disallowed by policy");
    }

    static ApiError adminRequired(String reason) {
        return new ApiError(403, "AdminRequired", "User does not have admin privileges: " + reason + ".");
    }

    static ApiError notFound(String type, String message) {
        return new ApiError(404, type, message);
    }

    /** What Neutron answers when a caller may see an object but not change it, to not give it away. */
    static ApiError hidden() {
        return new ApiError(404, "HTTPNotFound", "The resource could not be found.");
    }

    static ApiError conflict(String type, String message) {
        return new ApiError(409, type, message);
    }
}
