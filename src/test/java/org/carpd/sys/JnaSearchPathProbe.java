package org.carpd.sys;

import com.sun.jna.NativeLibrary;

/**
 * Run by {@link JnaSearchPathTest} in a JVM of its own (JNA reads its search path once per JVM):
 * with "install", as carpd's Main does, {@link JnaSearchPath#install()} first; then libpcap
 * loaded as carpd loads it (LibPcap: NativeLibrary.getInstance of pcap4j's name, "pcap"). Prints
 * the search path JNA used, the file libpcap was loaded from, and whether the JDK's "process
 * reaper" thread (started for any child process, alive 60 s) exists.
 */
public final class JnaSearchPathProbe {
    private JnaSearchPathProbe() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("install")) {
            JnaSearchPath.install();
        }
        NativeLibrary pcap = NativeLibrary.getInstance(System.getProperty("org.pcap4j.core.pcapLibName", "pcap"));
        boolean reaper = false;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            reaper |= thread.getName().equals("process reaper");
        }
        System.out.println(System.getProperty(JnaSearchPath.PROPERTY));
        System.out.println(pcap.getFile());
        System.out.println("process reaper: " + reaper);
    }
}
