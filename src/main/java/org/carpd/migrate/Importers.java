package org.carpd.migrate;

import java.util.List;

/** The importers by source kind, as {@code carpd import KIND} names them. */
public final class Importers {
    public enum Kind { FREEBSD, UCARP, KEEPALIVED }

    private Importers() {
    }

    public static ImportResult run(Kind kind, List<SourceFile> files) {
        return switch (kind) {
            case FREEBSD -> FreeBsdImporter.importFiles(files);
            case UCARP -> UcarpImporter.importFiles(files);
            case KEEPALIVED -> KeepalivedImporter.importFiles(files);
        };
    }
}
