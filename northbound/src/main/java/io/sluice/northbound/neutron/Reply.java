package io.sluice.northbound.neutron;

/** A handler's answer: the status and the body to write as JSON (null for none, as a delete's 204). */
record Reply(int status, Object body) {
    static Reply ok(Object body) {
        return new Reply(200, body);
    }

    static Reply created(Object body) {
        return new Reply(201, body);
    }

    static Reply noContent() {
        return new Reply(204, null);
    }
}
