package io.sluice.northbound.neutron;

/**
 * One generated request, with {reference}s where ids go (see {@link FuzzWorld#resolve}); printed as sent when a
 * property fails, huge bodies abbreviated.
 *
 * @param path  the path with its query string, if any
 * @param body  the body text, or null for none
 */
record FuzzRequest(String method, String path, String body) {
    private static final int SHOWN = 600;

    FuzzRequest withPath(String newPath) {
        return new FuzzRequest(method, newPath, body);
    }

    FuzzRequest withBody(String newBody) {
        return new FuzzRequest(method, path, newBody);
    }

    @Override
    public String toString() {
        String shown = body == null ? "" : body.length() <= SHOWN ? " " + body
                : " " + body.substring(0, SHOWN) + "... (" + body.length() + " chars)";
        return method + " " + path + shown;
    }
}
