package io.sluice.controller.compile.vxlan;

import io.sluice.controller.compile.FlowCompiler;
import java.util.List;

/** The compilers of VXLAN tenant networks, one concern each, in pipeline order. */
public final class VxlanCompilers {
    private VxlanCompilers() {
    }

    public static List<FlowCompiler> all() {
        return List.of(new ClassifyCompiler(), new PortSecurityCompiler(), new ArpResponderCompiler(),
                new DhcpPuntCompiler(), new L2UnicastCompiler(), new FloodCompiler());
    }
}
