package org.carpd.migrate;

/** One converted vhid: the file name to use ({@code NAME.conf}) and the file's text. */
public record ImportedVhid(String name, String text) {
    public String fileName() {
        return name + ".conf";
    }

    @Override
    public String toString() {
        return "ImportedVhid[" + name + "]"; // never the text: it may hold a password
    }
}
