package org.carpd.link;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads the configured interfaces and reports each reading that differs from the last (link up
 * or down, MAC or addresses changed). It reads when the kernel reports a change or lost
 * notifications, and on a safety poll regardless ({@link LinkReadPolicy}: a minute on Linux, five
 * seconds on FreeBSD): rtnetlink on Linux ({@link LinkEvents}), a PF_ROUTE socket on FreeBSD
 * ({@link FreeBsdLinkEvents}); where neither opens, every {@link #POLL_MS} ms. Either way a link
 * change reaches the state machine well within 500 ms.
 */
public final class LinkMonitor implements AutoCloseable {
    public static final long POLL_MS = 100;

    private volatile List<String> interfaceNames;
    private final Consumer<InterfaceInfo> changes;
    private final Map<String, InterfaceInfo> last = new HashMap<>();
    private final Thread thread;
    /** The netlink port of carpd's address requests, whose notifications the kernel drops (0: none). */
    private final int ownAddressPort;
    private volatile boolean running = true;

    /**
     * @param ownAddressPort the address manager's {@link org.carpd.addr.AddressManager#notificationPort()}:
     *                       the notifications of carpd's own VIP adds and renewals need not wake the monitor
     */
    public LinkMonitor(List<String> interfaceNames, Map<String, InterfaceInfo> initial, int ownAddressPort,
                       Consumer<InterfaceInfo> changes) {
        this.ownAddressPort = ownAddressPort;
        this.interfaceNames = List.copyOf(interfaceNames);
        this.changes = changes;
        this.last.putAll(initial);
        this.thread = new Thread(this::poll, "carpd-link-monitor");
        this.thread.setDaemon(true);
    }

    /** Watches this set from the next poll on (a reload may add or drop interfaces). */
    public void setInterfaces(List<String> names, Map<String, InterfaceInfo> readings) {
        synchronized (last) {
            last.putAll(readings);
        }
        interfaceNames = List.copyOf(names);
    }

    public void start() {
        thread.start();
    }

    private void poll() {
        LinkWatch events = LinkWatch.open(this::hadAddress, ownAddressPort);
        try {
            while (running) {
                readAll();
                if (!waitForChange(events)) {
                    return;
                }
            }
        } finally {
            if (events != null) {
                events.close();
            }
        }
    }

    /** Waits for the next reason to read; false when stopping. */
    private boolean waitForChange(LinkWatch events) {
        if (events != null) {
            while (running && !events.await()) {
                // a wake-up without news: only to notice close()
            }
            return running;
        }
        try {
            Thread.sleep(POLL_MS);
            return running;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /**
     * True when the last reading of the interface with kernel index {@code index} had the address:
     * a notification of it (a VIP's lifetime renewed) then needs no read. On the monitor's thread.
     */
    private boolean hadAddress(int index, byte[] address) {
        synchronized (last) {
            for (InterfaceInfo info : last.values()) {
                if (info.index() == index && info.hasAddress(address)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void readAll() {
        for (String name : interfaceNames) {
            InterfaceInfo info = InterfaceInfo.read(name);
            synchronized (last) {
                if (info.sameAs(last.get(name))) {
                    continue;
                }
                last.put(name, info);
            }
            changes.accept(info);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
