package io.sluice.controller.pipeline;

import java.util.Arrays;
import java.util.Optional;

/** The compiler that owns a flow; its code is part of the flow's cookie. */
public enum Owner {
    /** The pipeline's skeleton: table-miss flows. */
    PIPELINE(1),
    /** Operator-supplied static flows. */
    OPERATOR(2);

    private final int code;

    Owner(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<Owner> byCode(int code) {
        return Arrays.stream(values()).filter(o -> o.code == code).findFirst();
    }
}
