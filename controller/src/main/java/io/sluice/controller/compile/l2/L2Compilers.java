package io.sluice.controller.compile.l2;

import io.sluice.controller.compile.FlowCompiler;
import java.util.List;

/**
 * The compilers every switched network shares (VXLAN, flat, VLAN), one concern each, in pipeline order. Flat
 * and VLAN networks add their CLASSIFY from the physical network ({@code compile.provider}).
 */
public final class L2Compilers {
    private L2Compilers() {
    }

    public static List<FlowCompiler> all() {
        return List.of(new ClassifyCompiler(), new PortSecurityCompiler(), new ArpResponderCompiler(),
                new DhcpPuntCompiler(), new L2UnicastCompiler(), new FloodCompiler());
    }
}
