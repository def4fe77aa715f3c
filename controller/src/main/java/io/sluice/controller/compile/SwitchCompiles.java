package io.sluice.controller.compile;

import io.sluice.controller.compile.l2.SwitchView.Served;
import io.sluice.controller.pipeline.FlowKey;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.GroupSpec;
import io.sluice.controller.pipeline.MeterSpec;
import io.sluice.controller.reconcile.SwitchState;
import io.sluice.models.tenant.MplsEncapsulation;
import it.unimi.dsi.fastutil.objects.Object2ObjectOpenHashMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    /** What some compilers yielded from one part of a switch's inputs; no network for the switch-wide share. */
    private record Share(Served network, Memo memo, List<FlowSpec> flows, List<GroupSpec> groups,
                         List<MeterSpec> meters) {
    }

    /** Where every switch's memos find what any switch built. */
    private final SharedResults shared;
    private SwitchInputs inputs;
    private SwitchState state;
    private Share switchWide;
    private Map<String, Share> networks = Map.of();
    /**
     * Whether no key (a flow's, a group's or a meter's id) comes twice among the shares: then each key of the
     * state is one share's, and taking a share's keys out of the state takes out that share alone.
     */
    private boolean disjoint;
    /** The sequence number of the index the state holds at; -1 before the first compile. */
    private long compiledAt = -1;

    SwitchCompiles(SharedResults shared) {
        this.shared = shared;
    }

    /**
     * The switch's desired state from a compile context of a new snapshot: its last state when its inputs are
     * equal, else that state with the shares whose inputs changed compiled again.
     */
    SwitchState compile(SnapshotIndex index, DatapathId dpid, MplsEncapsulation mpls,
                        List<FlowCompiler> switchWideCompilers, List<FlowCompiler> networkCompilers) {
        Memo wideMemo = switchWide == null ? new Memo(shared) : switchWide.memo();
        CompileContext whole = new CompileContext(index, dpid, mpls, wideMemo);
        SwitchInputs next = SwitchInputs.of(whole);
        if (next.equals(inputs)) {
            return keptAt(index.sequence());
        }
        List<Memo> made = new ArrayList<>();
        if (switchWide == null) {
            made.add(wideMemo);
        }
        try {
            return recompiled(whole, wideMemo, next, made, switchWideCompilers, networkCompilers);
        } catch (RuntimeException e) {
            made.forEach(Memo::close); // what the memos new to this compile hold, for nothing
            throw e;
        }
    }

    /**
     * The state with the shares whose inputs changed compiled again; the memos it makes are added to {@code made}.
     */
    private SwitchState recompiled(CompileContext whole, Memo wideMemo, SwitchInputs next, List<Memo> made,
                                   List<FlowCompiler> switchWideCompilers, List<FlowCompiler> networkCompilers) {
        boolean sameBesidesNetworks = next.sameBesidesNetworks(inputs);
        Share wide = sameBesidesNetworks ? switchWide : share(whole, wideMemo, switchWideCompilers, null);
        Map<String, Share> nextNetworks = new Object2ObjectOpenHashMap<>(); // no entry object a network
        for (Served served : whole.view().served()) {
            Share last = networks.get(served.network().id());
            if (sameBesidesNetworks && last != null && last.network().equals(served)) {
                nextNetworks.put(served.network().id(), last);
            } else {
                Memo memo = last == null ? made(made) : last.memo();
                nextNetworks.put(served.network().id(), share(whole.only(served, memo), memo, networkCompilers,
                        served));
            }
        }
        List<Share[]> changed = new ArrayList<>();
        if (wide != switchWide) {
            changed.add(new Share[] {switchWide, wide});
        }
        networks.forEach((id, share) -> {
            if (nextNetworks.get(id) != share) {
                changed.add(new Share[] {share, nextNetworks.get(id)});
            }
        });
        nextNetworks.forEach((id, share) -> {
            if (!networks.containsKey(id)) {
                changed.add(new Share[] {null, share});
            }
        });
        SwitchState derived = state != null && disjoint ? edited(state, changed) : null;
        boolean nextDisjoint = true;
        if (derived == null) {
            List<Share> all = new ArrayList<>(nextNetworks.values());
            all.add(wide);
            derived = joined(all);
            nextDisjoint = derived.flows().size() == count(all, Share::flows)
                    && derived.groups().size() == count(all, Share::groups)
                    && derived.meters().size() == count(all, Share::meters);
        }
        networks.forEach((id, share) -> {
            if (!nextNetworks.containsKey(id)) {
                share.memo().close(); // the network left the switch: what its share used is let go
            }
        });
        if (derived.equals(state)) {
            // The same flows again (other instances, as compilers that keep no memo make them): the state the
            // reconciler holds and diffs from stays the one object, so the next change's diff is that change.
            derived = state;
        }
        inputs = next;
        state = derived;
        compiledAt = whole.index().sequence();
        switchWide = wide;
        networks = nextNetworks;
        disjoint = nextDisjoint;
        return derived;
    }

    long compiledAt() {
        return compiledAt;
    }

    /** The last state, known to hold at the index of this sequence number too. */
    SwitchState keptAt(long sequence) {
        compiledAt = sequence;
        return state;
    }

    private Memo made(List<Memo> made) {
        Memo memo = new Memo(shared);
        made.add(memo);
        return memo;
    }

    /** A switch's state from every compiler over its whole view, with a memo of its own: no share kept. */
    static SwitchState fresh(CompileContext context, Memo memo, List<FlowCompiler> compilers) {
        return joined(List.of(share(context, memo, compilers, null)));
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
        return new Share(network, memo, List.copyOf(flows), List.copyOf(groups), List.copyOf(meters));
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
     * The state with each changed share's old items replaced by its new ones, key by key; null when a share
     * repeats a key or claims one another share holds, which only a join from scratch decides (the same flow
     * twice, or a clash).
     *
     * @param changed pairs of a share before and after (either null when it came or went)
     */
    private static SwitchState edited(SwitchState state, List<Share[]> changed) {
        Keyed<FlowKey, FlowSpec> flows = new Keyed<>(FlowSpec::key);
        Keyed<Long, GroupSpec> groups = new Keyed<>(GroupSpec::groupId);
        Keyed<Long, MeterSpec> meters = new Keyed<>(MeterSpec::meterId);
        for (Share[] pair : changed) {
            Share before = pair[0];
            Share after = pair[1];
            if (!flows.replace(itemsOf(before, Share::flows), itemsOf(after, Share::flows))
                    || !groups.replace(itemsOf(before, Share::groups), itemsOf(after, Share::groups))
                    || !meters.replace(itemsOf(before, Share::meters), itemsOf(after, Share::meters))) {
                return null;
            }
        }
        if (flows.clashes(state.flows()) || groups.clashes(state.groups()) || meters.clashes(state.meters())) {
            return null;
        }
        return state.edited(new SwitchState.Edit(flows.out, flows.in, groups.out, groups.in, meters.out, meters.in));
    }

    /** A share's items of one kind; none for a share that is not there (one that came or went). */
    private static <V> List<V> itemsOf(Share share, Function<Share, List<V>> items) {
        return share == null ? List.of() : items.apply(share);
    }

    /** What replacing some shares' items of one kind does to a state's index of that kind. */
    private static final class Keyed<K, V> {
        private final Function<V, K> key;
        private final Set<K> out = new HashSet<>();
        private final List<V> in = new ArrayList<>();
        /** Keys no replaced share held: the state must not hold them, unless another replaced share gave them up. */
        private final Set<K> claimed = new HashSet<>();

        Keyed(Function<V, K> key) {
            this.key = key;
        }

        /** False when the new items repeat a key, or claim one another replaced share claimed. */
        boolean replace(List<V> before, List<V> after) {
            Map<K, V> old = new HashMap<>(before.size() * 4 / 3 + 1);
            before.forEach(item -> old.put(key.apply(item), item));
            Set<K> kept = new HashSet<>(after.size() * 4 / 3 + 1);
            for (V item : after) {
                K k = key.apply(item);
                if (!kept.add(k)) {
                    return false;
                }
                V was = old.get(k);
                if (was == null && !claimed.add(k)) {
                    return false;
                }
                if (was != item) {
                    in.add(item);
                }
            }
            old.keySet().stream().filter(k -> !kept.contains(k)).forEach(out::add);
            return true;
        }

        boolean clashes(Map<K, ?> state) {
            return claimed.stream().anyMatch(k -> state.containsKey(k) && !out.contains(k));
        }
    }

    private static int count(List<Share> shares, Function<Share, List<?>> items) {
        return shares.stream().mapToInt(share -> items.apply(share).size()).sum();
    }
}
