/**
 * The minimal Keystone v3 Sluice serves itself (default port 5000), enough for the stock {@code openstack} CLI
 * and Nova's keystoneauth: {@code POST /v3/auth/tokens} (password, project scope), {@code GET/HEAD/DELETE
 * /v3/auth/tokens}, {@code GET /v3} and {@code GET /}. Wire shapes follow shared/openstack-clients.md.
 *
 * <h2>Wiring</h2>
 * <pre>{@code
 * PasswordHasher hasher = new PasswordHasher(PasswordHasher.DEFAULT_ITERATIONS, new SecureRandom());
 * IdentityFile.Loaded identity = new IdentityFile(hasher, new SecureRandom())
 *         .loadOrCreate(stateDir.resolve("identity.json"), stateDir.resolve("admin-openrc"), keystoneUrl);
 * identity.generatedAdmin().ifPresent(admin -> ...);   // first start only: tell the operator where it is
 * KeystoneService keystone = new KeystoneService(new IdentityStore(identity.config(), hasher), Clock.systemUTC(),
 *         KeystoneService.DEFAULT_TOKEN_TTL, neutronUrl, keystoneUrl);
 * vertx.createHttpServer().requestHandler(keystone.router(vertx)).listen(KeystoneService.DEFAULT_PORT);
 * // Neutron API: keystone.validator().validate(request.getHeader("X-Auth-Token")) -> empty means 401
 * }</pre>
 *
 * <h2>The identity file</h2>
 * JSON, read at start-up and rejected whole if it does not validate; passwords only as PBKDF2 hashes:
 * <pre>{@code
 * {"domains": [{"id": "default", "name": "Default"}],
 *  "projects": [{"id": "8f3c...", "name": "admin", "domain_id": "default"}],
 *  "users": [{"id": "1b2d...", "name": "admin", "domain_id": "default",
 *             "password_hash": "pbkdf2-sha256$600000$SALT$HASH"}],
 *  "role_assignments": [{"user_id": "1b2d...", "project_id": "8f3c...", "role": "admin"}]}
 * }</pre>
 * {@code domains} may be left out (the default domain always exists), as may {@code domain_id}. Roles are
 * {@code admin} (Neutron admin in any project) and {@code member}. A user can scope a token only to a project
 * where it holds a role. Tests and the demo add identities with {@link IdentityConfig.Builder} and
 * {@link IdentityFile#write}.
 *
 * <h2>Tokens</h2>
 * 256 random bits, url-safe base64, in memory: a controller restart invalidates every token and clients
 * re-authenticate on 401. At most {@code KeystoneService.MAX_TOKENS} are kept; expired ones are purged.
 */
package io.sluice.northbound.keystone;
