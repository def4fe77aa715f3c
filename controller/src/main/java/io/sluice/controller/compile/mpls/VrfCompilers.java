package io.sluice.controller.compile.mpls;

import io.sluice.controller.compile.FlowCompiler;
import java.util.List;

/**
 * The compilers of MPLS networks, the OpenContrail model: each network is a VRF, each of its bound ports holds
 * a label, and a packet is routed on its destination IP to (label, host). Classification into the VRF, port
 * security and DHCP are shared with the layer-2 networks ({@code compile.l2}); these add what differs.
 */
public final class VrfCompilers {
    private VrfCompilers() {
    }

    public static List<FlowCompiler> all() {
        return List.of(new LabelReceiveCompiler(), new VrfArpCompiler(), new VrfRouteCompiler());
    }
}
