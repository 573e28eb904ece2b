package org.carpd.migrate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.carpd.config.ConfigError;
import org.carpd.config.ConfigParser;

/**
 * Turns the drafts of one import into its result: unique file names, and only drafts that carpd's
 * own parser accepts. Scripts and passfiles are taken as they are named (they live on the target
 * host, where {@code carpd check} looks at them); everything else is checked here exactly as
 * {@code carpd check} would.
 */
final class ImportAssembler {
    private static final ConfigParser PARSER = new ConfigParser(
            path -> "passfile".getBytes(StandardCharsets.UTF_8), path -> path);

    /** Keys whose values must be plain numbers; checked here so that no message repeats another value. */
    private static final List<String> NUMBERS = List.of("vhid", "advbase", "advskew", "priority");

    private ImportAssembler() {
    }

    static ImportResult assemble(List<SourceFile> files, List<VhidDraft> drafts, List<Finding> general) {
        List<Finding> findings = new ArrayList<>(general);
        List<ImportedVhid> vhids = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (VhidDraft draft : drafts) {
            if (draft.hasControlCharacters()) {
                findings.addAll(draft.findings());
                findings.add(Finding.notConverted(draft.origin(), "a value of this vhid holds a line break or another "
                        + "control character, which a carpd file cannot hold (not shown)"));
                continue;
            }
            List<String> notNumbers = NUMBERS.stream().filter(k -> draft.get(k) != null
                    && !draft.get(k).matches("[0-9]{1,9}")).toList();
            if (!notNumbers.isEmpty()) {
                findings.addAll(draft.findings());
                findings.add(Finding.notConverted(draft.origin(), String.join(", ", notNumbers)
                        + " of this vhid is not a number (not shown)"));
                continue;
            }
            String name = uniqueName(draft.name(), names);
            String text = draft.render();
            List<ConfigError> errors = new ArrayList<>();
            PARSER.parse(name + ".conf", text, errors);
            findings.addAll(draft.findings());
            if (!errors.isEmpty()) {
                findings.add(Finding.notConverted(draft.origin(), "the converted vhid fails carpd's checks: "
                        + errors.stream().map(ConfigError::problem).collect(Collectors.joining("; "))));
                continue;
            }
            names.add(name);
            vhids.add(new ImportedVhid(name, text));
        }
        Map<String, Integer> fileOrder = new LinkedHashMap<>();
        for (SourceFile file : files) {
            fileOrder.putIfAbsent(file.name(), fileOrder.size());
        }
        findings.sort(Comparator.comparingInt((Finding f) -> fileOrder.getOrDefault(f.where().file(), Integer.MAX_VALUE))
                .thenComparingInt(f -> f.where().line()));
        return new ImportResult(vhids, findings.stream().distinct().toList());
    }

    /** A file name of letters, digits, '.', '_' and '-' that no earlier vhid of this import has. */
    private static String uniqueName(String wanted, Set<String> taken) {
        String base = wanted.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[.]+", "_");
        if (base.isEmpty()) {
            base = "vhid";
        }
        String name = base;
        for (int n = 2; taken.contains(name); n++) {
            name = base + "-" + n;
        }
        return name;
    }
}
