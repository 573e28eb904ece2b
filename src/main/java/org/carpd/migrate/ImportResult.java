package org.carpd.migrate;

import java.util.List;

/** What an import produced: the converted vhids (in source order) and every finding. */
public record ImportResult(List<ImportedVhid> vhids, List<Finding> findings) {
    public ImportResult {
        vhids = List.copyOf(vhids);
        findings = List.copyOf(findings);
    }
}
