package io.sluice.northbound.keystone;

import java.net.URI;

/** The public URLs Sluice publishes, normalised the way clients join paths onto them. */
final class KeystoneUrls {
    /** The one region Sluice publishes; clients configured with OS_REGION_NAME=RegionOne find their endpoints. */
    static final String REGION = "RegionOne";

    private KeystoneUrls() {
    }

    /**
     * The service root with a trailing slash. A URL that already ends in the API version is refused: clients
     * append the version themselves ({@code v2.0} for Neutron) or discover it ({@code v3} for Keystone).
     */
    static String root(URI url, String version) {
        if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
            throw new IllegalArgumentException("expected an absolute http(s) URL: " + url);
        }
        String text = url.toString();
        String root = text.endsWith("/") ? text : text + "/";
        if (root.endsWith("/" + version + "/")) {
            throw new IllegalArgumentException("give the service root without /" + version + ": " + url);
        }
        return root;
    }
}
