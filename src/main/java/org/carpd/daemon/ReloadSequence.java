package org.carpd.daemon;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.carpd.config.CarpdConfig;
import org.carpd.link.InterfaceInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order a valid reload changes the daemon's links and the engine's configuration in. Before
 * the engine applies it: the links of new interfaces open, IPv6 groups are joined, and a capture
 * too short for the new protocols (an interface's first VRRP vhid) is widened, so the new vhid's
 * first adverts arrive whole; if any of that fails, what it opened closes, the captures it
 * widened on other interfaces go back to the size the running configuration needs (a shrink that
 * fails leaves one larger than needed, with a WARN), the engine is never asked, and the reload is
 * refused with the failure. A reload the engine did not take in time, which the daemon abandoned
 * (the engine never applies it), is undone the same way; one the engine took but did not finish
 * in time keeps its links and captures (the engine may run it), and a later refusal closes only
 * the links that refused reload itself opened. After the engine applied it: every open link of an
 * interface the new configuration does not name closes (one such an unfinished reload left
 * too), and captures larger than needed (the last VRRP vhid gone) shrink, once no vhid needs them.
 */
final class ReloadSequence {
    private static final Logger LOG = LoggerFactory.getLogger("carpd");

    /** The engine's side: applies {@code next} and returns its one-line summary. */
    interface Applier {
        String apply(CarpdConfig next, Map<String, InterfaceInfo> newInterfaces) throws NotApplied;
    }

    /**
     * The daemon cannot report the configuration applied: either the engine will never apply it
     * (it had not taken it when the daemon gave up), or the engine took it and did not finish in
     * time or failed inside it ({@code mayStillApply}: it may run some or all of it).
     */
    static final class NotApplied extends Exception {
        private final boolean mayStillApply;

        NotApplied(String message, boolean mayStillApply, Throwable cause) {
            super(message, cause);
            this.mayStillApply = mayStillApply;
        }

        boolean mayStillApply() {
            return mayStillApply;
        }
    }

    /**
     * What came of it: applied (with the engine's summary and the new interfaces' readings), or
     * not, with the errors to report; the running configuration stays unless applied.
     */
    record Outcome(boolean applied, String summary, List<String> errors, Map<String, InterfaceInfo> readings) {
    }

    private final InterfaceLinks links;
    private final Function<String, InterfaceInfo> interfaces;

    /** {@code interfaces} reads an interface as it is now ({@link InterfaceInfo#read}). */
    ReloadSequence(InterfaceLinks links, Function<String, InterfaceInfo> interfaces) {
        this.links = links;
        this.interfaces = interfaces;
    }

    Outcome run(CarpdConfig running, CarpdConfig next, Applier engine) {
        List<String> newInterfaces = new ArrayList<>(next.interfaces());
        newInterfaces.removeAll(running.interfaces());
        List<String> added = new ArrayList<>();
        try {
            for (String name : newInterfaces) {
                InterfaceInfo info = interfaces.apply(name);
                if (info.index() == 0) {
                    LOG.error("carp: {}: no such interface: its vhids stay INIT until it appears", name);
                    continue;
                }
                if (links.open(name, info.index(), next)) {
                    added.add(name);
                }
            }
            for (String name : next.interfaces()) {
                if (!added.contains(name)) {
                    links.ensureIpv6(name, next);
                }
            }
            links.widenCaptures(next);
        } catch (IOException e) {
            undo(running, added);
            return new Outcome(false, null, List.of(e.getMessage()), Map.of());
        }
        Map<String, InterfaceInfo> readings = new LinkedHashMap<>();
        for (String name : newInterfaces) {
            readings.put(name, interfaces.apply(name));
        }
        String summary;
        try {
            summary = engine.apply(next, readings);
        } catch (NotApplied e) {
            if (!e.mayStillApply()) {
                undo(running, added); // abandoned: the engine never runs it, so nothing may use them
            }
            return new Outcome(false, "error: the engine did not apply the reload: " + e.getMessage(), List.of(),
                    readings);
        }
        links.closeAllBut(next.interfaces());
        links.fitCaptures(next);
        return new Outcome(true, summary, List.of(), readings);
    }

    /**
     * A reload that will not run: the links it opened close and the captures it widened go back
     * to what the running configuration needs (those widened before a failure, or all of them).
     */
    private void undo(CarpdConfig running, List<String> added) {
        added.forEach(links::close);
        links.fitCaptures(running);
    }
}
