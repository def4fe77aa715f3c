package io.sluice.controller.compile;

import io.sluice.controller.compile.l2.SwitchView.Served;
import io.sluice.controller.pipeline.FlowKey;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.GroupSpec;
import io.sluice.controller.pipeline.MeterSpec;
import io.sluice.controller.reconcile.SwitchState;
import io.sluice.models.tenant.MplsEncapsulation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * One switch's last compile, share by share: the switch-wide compilers' share and each served network's share
 * of the network compilers, each with its own {@link Memo}, and the state they join into. A compile after a
 * change compiles again only the shares whose inputs changed, and derives the state from the last one by taking
 * out those shares' old flows and putting in their new ones, instead of indexing every flow of the switch again:
 * a port change costs each switch of its network that network's flows, not the switch's thousands.
 * Not thread-safe: the caller holds the lock of the switch's instance.
 */
final class SwitchCompiles {
    /** What some compilers yielded from one part of a switch's inputs; {@code network} is null for the switch-wide share. */
    private record Share(Served network, Memo memo, List<FlowSpec> flows, List<GroupSpec> groups,
                         List<MeterSpec> meters) {
    }

    private SwitchInputs inputs;
    private SwitchState state;
    private Share switchWide;
    private Map<String, Share> networks = Map.of();
    /**
     * Whether no key (a flow's, a group's or a meter's id) comes twice among the shares: then each key of the
     * state is one share's, and taking a share's keys out of the state takes out that share alone.
     */
    private boolean disjoint;

    /**
     * The switch's desired state from a compile context of a new snapshot: its last state when its inputs are
     * equal, else that state with the shares whose inputs changed compiled again.
     */
    SwitchState compile(SnapshotIndex index, DatapathId dpid, MplsEncapsulation mpls,
                        List<FlowCompiler> switchWideCompilers, List<FlowCompiler> networkCompilers) {
        Memo wideMemo = switchWide == null ? new Memo() : switchWide.memo();
        CompileContext whole = new CompileContext(index, dpid, mpls, wideMemo);
        SwitchInputs next = SwitchInputs.of(whole);
        if (next.equals(inputs)) {
            return state;
        }
        boolean sameBesidesNetworks = next.sameBesidesNetworks(inputs);
        Share wide = sameBesidesNetworks ? switchWide : share(whole, wideMemo, switchWideCompilers, null);
        Map<String, Share> nextNetworks = new HashMap<>();
        for (Served served : whole.view().served()) {
            Share last = networks.get(served.network().id());
            if (sameBesidesNetworks && last != null && last.network().equals(served)) {
                nextNetworks.put(served.network().id(), last);
            } else {
                Memo memo = last == null ? new Memo() : last.memo();
                nextNetworks.put(served.network().id(), share(whole.only(served, memo), memo, networkCompilers,
                        served));
            }
        }
        List<Share> out = new ArrayList<>();
        List<Share> in = new ArrayList<>();
        if (wide != switchWide) {
            in.add(wide);
            if (switchWide != null) {
                out.add(switchWide);
            }
        }
        networks.forEach((id, share) -> {
            if (nextNetworks.get(id) != share) {
                out.add(share);
            }
        });
        nextNetworks.forEach((id, share) -> {
            if (networks.get(id) != share) {
                in.add(share);
            }
        });
        SwitchState derived = state != null && disjoint ? patched(state, out, in) : null;
        boolean nextDisjoint = true;
        if (derived == null) {
            List<Share> all = new ArrayList<>(nextNetworks.values());
            all.add(wide);
            derived = joined(all);
            nextDisjoint = derived.flows().size() == count(all, Share::flows)
                    && derived.groups().size() == count(all, Share::groups)
                    && derived.meters().size() == count(all, Share::meters);
        }
        inputs = next;
        state = derived;
        switchWide = wide;
        networks = nextNetworks;
        disjoint = nextDisjoint;
        return derived;
    }

    private static Share share(CompileContext context, Memo memo, List<FlowCompiler> compilers, Served network) {
        List<FlowSpec> flows = new ArrayList<>();
        List<GroupSpec> groups = new ArrayList<>();
        List<MeterSpec> meters = new ArrayList<>();
        for (FlowCompiler compiler : compilers) {
            flows.addAll(compiler.flows(context));
            groups.addAll(compiler.groups(context));
            meters.addAll(compiler.meters(context));
        }
        memo.endCompile();
        return new Share(network, memo, flows, groups, meters);
    }

    /** The shares joined from scratch: two different flows under one key throw, as {@link SwitchState#of} does. */
    private static SwitchState joined(List<Share> shares) {
        List<FlowSpec> flows = new ArrayList<>();
        List<GroupSpec> groups = new ArrayList<>();
        List<MeterSpec> meters = new ArrayList<>();
        for (Share share : shares) {
            flows.addAll(share.flows());
            groups.addAll(share.groups());
            meters.addAll(share.meters());
        }
        return SwitchState.of(flows, groups, meters);
    }

    /**
     * The state with the outgoing shares' keys taken out and the incoming shares' put in; null when an incoming
     * key is taken already, which only a join from scratch decides (the same flow twice, or a clash).
     */
    private static SwitchState patched(SwitchState state, List<Share> out, List<Share> in) {
        if (out.isEmpty() && in.isEmpty()) {
            return state;
        }
        Map<FlowKey, FlowSpec> flows = new HashMap<>(state.flows());
        Map<Long, GroupSpec> groups = new HashMap<>(state.groups());
        Map<Long, MeterSpec> meters = new HashMap<>(state.meters());
        for (Share share : out) {
            share.flows().forEach(flow -> flows.remove(flow.key()));
            share.groups().forEach(group -> groups.remove(group.groupId()));
            share.meters().forEach(meter -> meters.remove(meter.meterId()));
        }
        for (Share share : in) {
            for (FlowSpec flow : share.flows()) {
                if (flows.putIfAbsent(flow.key(), flow) != null) {
                    return null;
                }
            }
            for (GroupSpec group : share.groups()) {
                if (groups.putIfAbsent(group.groupId(), group) != null) {
                    return null;
                }
            }
            for (MeterSpec meter : share.meters()) {
                if (meters.putIfAbsent(meter.meterId(), meter) != null) {
                    return null;
                }
            }
        }
        return new SwitchState(flows, groups, meters);
    }

    private static int count(List<Share> shares, Function<Share, List<?>> items) {
        return shares.stream().mapToInt(share -> items.apply(share).size()).sum();
    }
}
