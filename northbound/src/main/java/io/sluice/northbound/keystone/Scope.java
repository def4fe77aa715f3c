package io.sluice.northbound.keystone;

/** The outcome of a successful authentication: what a token is issued for, with the domains it names. */
record Scope(AuthContext context, Domain userDomain, Domain projectDomain) {
}
