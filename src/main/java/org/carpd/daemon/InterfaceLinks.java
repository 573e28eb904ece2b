package org.carpd.daemon;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.carpd.config.CarpdConfig;
import org.carpd.config.VhidConfig;
import org.carpd.engine.Engine;
import org.carpd.engine.EngineEvent;
import org.carpd.link.CaptureLink;
import org.carpd.link.CaptureSize;
import org.carpd.link.InterfaceInfo;
import org.carpd.link.PcapLink;
import org.carpd.proto.Family;
import org.carpd.proto.IpPrefix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of the daemon's pcap links, one per configured interface that exists: opened at
 * start and for a reload's new interfaces, closed when an interface leaves the configuration or
 * the host, reopened when it comes back. The links are the daemon's to open and close; the engine
 * hears of each through a link event, and a link is closed only once the engine has let go of it.
 * Callers serialize (the daemon's reload and the link monitor's thread).
 */
final class InterfaceLinks {
    private static final Logger LOG = LoggerFactory.getLogger("carpd");
    private static final long RELEASE_TIMEOUT_SECONDS = 2;

    private final Engine engine;
    private final Opener opener;
    private final Map<String, CaptureLink> opened = new ConcurrentHashMap<>();
    /** The interface index each open capture was opened on: a new index means a new interface. */
    private final Map<String, Integer> indexes = new ConcurrentHashMap<>();

    /** Opens an interface's link: {@link PcapLink#open}, or a test's fake. */
    interface Opener {
        CaptureLink open(String name, boolean ipv6, String filter, CaptureSize size, PcapLink.Receiver receiver)
                throws IOException;
    }

    /** The daemon's links: libpcap's. A named class, not a method reference (see {@link ToEngine}). */
    private static final class PcapLinks implements Opener {
        @Override
        public CaptureLink open(String name, boolean ipv6, String filter, CaptureSize size, PcapLink.Receiver receiver)
                throws IOException {
            return PcapLink.open(name, ipv6, filter, size, receiver);
        }
    }

    InterfaceLinks(Engine engine) {
        this(engine, new PcapLinks());
    }

    InterfaceLinks(Engine engine, Opener opener) {
        this.engine = engine;
        this.opener = opener;
    }

    /**
     * Opens the capture of an interface that exists (index {@code index}) and hands it to the
     * engine. One link per name, always: a link already open on that interface (a reload the engine
     * took but did not finish in time opened it, and the engine may still apply that reload and run
     * vhids on it) is kept, not opened twice; one open on an earlier interface of
     * that name (another index) is closed first. Returns whether it opened one: a caller that undoes
     * its work closes only those, never a link kept for a reload the engine may still apply.
     */
    boolean open(String name, int index, CarpdConfig with) throws IOException {
        CaptureLink open = opened.get(name);
        if (open != null && indexes.getOrDefault(name, 0) == index) {
            return false; // kept as it is: the reload joins the IPv6 group of every link it did not open
        }
        close(name);
        ToEngine toEngine = new ToEngine(engine, name);
        CaptureLink link = opener.open(name, hasIpv6(name, with), Engine.captureFilter(with, name),
                captureSize(name, with), toEngine);
        opened.put(name, link);
        indexes.put(name, index);
        engine.post(new EngineEvent.LinkOpened(link));
        return true;
    }

    /**
     * Closes an interface's link once the engine no longer sends on it (it says so through the
     * link event); an engine that does not answer in time (stopped, or wedged) is not waited for.
     */
    void close(String name) {
        indexes.remove(name);
        CaptureLink link = opened.remove(name);
        if (link == null) {
            return;
        }
        CountDownLatch released = new CountDownLatch(1);
        engine.post(new EngineEvent.LinkClosed(link, released));
        try {
            if (engine.isRunning() && !released.await(RELEASE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("carp: {}: the engine did not release the link in time: closing it anyway", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        link.close();
    }

    /**
     * Follows an interface that disappears and comes back (a VLAN or tunnel re-created, a USB NIC
     * re-plugged): the old capture is closed when it goes, and a new one is opened when an
     * interface of that name exists again (with a new index).
     */
    void follow(InterfaceInfo info, CarpdConfig config) {
        String name = info.name();
        Integer index = indexes.get(name);
        if (info.index() == 0 && index != null) {
            LOG.error("carp: {}: the interface disappeared: its vhids go INIT until it is back", name);
            close(name);
        } else if (info.index() != 0 && (index == null || index != info.index())) {
            close(name);
            try {
                open(name, info.index(), config);
                LOG.info("carp: {}: the interface is there (index {}): capturing on it", name, info.index());
            } catch (IOException e) {
                LOG.error("carp: {}: cannot open it: {} (retried when it changes)", name, e.getMessage());
            }
        }
    }

    /** An open link whose interface now has IPv6 vhids joins the IPv6 group too. */
    void ensureIpv6(String name, CarpdConfig with) throws IOException {
        CaptureLink link = opened.get(name);
        if (link != null && hasIpv6(name, with)) {
            link.ensureIpv6();
        }
    }

    /**
     * Before a reload is applied: an open capture whose snapshot length is too short for the
     * protocols {@code next} configures on its interface (a VRRP vhid added where there was only
     * CARP) is replaced by one that is not, so the new vhid's first adverts arrive whole. Throws
     * when one cannot be opened, leaving the ones widened before it wide: the caller refuses the
     * reload and puts them back ({@link #fitCaptures} with the running configuration).
     */
    void widenCaptures(CarpdConfig next) throws IOException {
        for (Map.Entry<String, CaptureLink> link : opened.entrySet()) {
            CaptureSize wanted = captureSize(link.getKey(), next);
            if (!wanted.fitsIn(link.getValue().size())) {
                link.getValue().useSize(wanted);
            }
        }
    }

    /**
     * After a reload was applied: every open capture takes the size of the protocols configured on
     * its interface (a capture whose VRRP vhids are all gone goes back to CARP's small ring). A
     * capture that cannot be replaced stays as it is, larger than needed, and says so.
     */
    void fitCaptures(CarpdConfig config) {
        for (Map.Entry<String, CaptureLink> link : opened.entrySet()) {
            try {
                link.getValue().useSize(captureSize(link.getKey(), config));
            } catch (IOException e) {
                LOG.warn("carp: {}: {} (the capture in use stays)", link.getKey(), e.getMessage());
            }
        }
    }

    private static CaptureSize captureSize(String name, CarpdConfig with) {
        List<VhidConfig> vhids = new ArrayList<>();
        for (VhidConfig vhid : with.vhids()) {
            if (vhid.interfaceName().equals(name)) {
                vhids.add(vhid);
            }
        }
        return CaptureSize.forVhids(vhids);
    }

    /**
     * After a reload was applied: every open link of an interface {@code configured} does not name
     * closes, not only those the previous configuration named, so a link left open for a reload the
     * engine may have applied cannot outlive the configuration.
     */
    void closeAllBut(List<String> configured) {
        for (String name : new ArrayList<>(opened.keySet())) {
            if (!configured.contains(name)) {
                close(name);
            }
        }
    }

    /** At the end, the engine stopped: every link closes. */
    void closeAll() {
        opened.values().forEach(CaptureLink::close);
    }

    private static boolean hasIpv6(String name, CarpdConfig with) {
        for (VhidConfig vhid : with.vhids()) {
            if (vhid.interfaceName().equals(name) && !IpPrefix.ofFamily(vhid.addresses(), Family.INET6).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * A link's frames and kernel drops, handed to the engine. A class and plain loops here, not
     * lambdas and streams: links open beyond what the build's class-list run reaches (it runs on an
     * interface that does not exist), so each lambda or stream stage of this path was spun at run
     * time at every start, outside the class-data archive (docs/benchmarks.md, "Memory").
     */
    private static final class ToEngine implements PcapLink.Receiver {
        private final Engine engine;
        private final String name;

        ToEngine(Engine engine, String name) {
            this.engine = engine;
            this.name = name;
        }

        @Override
        public void frame(byte[] frame, int wireLength, long ageNs) {
            engine.frameReceived(name, frame, wireLength, ageNs);
        }

        @Override
        public void lost(long count) {
            engine.framesLost(name, count);
        }
    }
}
