package org.carpd.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.carpd.config.ConfigError;
import org.carpd.config.ConfigParser;
import org.carpd.config.VhidConfig;

/** Fixture files (under src/test/resources/migrate) and the real parser over what an import made. */
final class Fixtures {
    private Fixtures() {
    }

    static SourceFile file(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/migrate/" + resource)) {
            assertThat(in).as(resource).isNotNull();
            return new SourceFile(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static SourceFile text(String name, String text) {
        return new SourceFile(name, text);
    }

    /** The vhid named {@code name}, parsed by carpd's own configuration parser (which must accept it). */
    static VhidConfig parsed(ImportResult result, String name) {
        ImportedVhid vhid = result.vhids().stream().filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + result.vhids()));
        List<ConfigError> errors = new ArrayList<>();
        VhidConfig config = new ConfigParser(path -> "from-passfile".getBytes(StandardCharsets.UTF_8), path -> path)
                .parse(vhid.fileName(), vhid.text(), errors);
        assertThat(errors).as(vhid.text()).isEmpty();
        return config;
    }

    static String text(ImportResult result, String name) {
        return result.vhids().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow().text();
    }

    static List<String> findings(ImportResult result) {
        return result.findings().stream().map(Finding::toString).toList();
    }
}
