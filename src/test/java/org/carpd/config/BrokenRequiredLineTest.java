package org.carpd.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A required key whose line cannot be read is reported once, and never crashes the parser (found by ImportFuzzProperties). */
class BrokenRequiredLineTest {
    @Test
    void unclosedQuoteOnARequiredKeyIsAnError() {
        List<ConfigError> errors = new ArrayList<>();
        VhidConfig config = new ConfigParser(path -> new byte[] {'x'}).parse("x.conf",
                "interface = \"eth0\nvhid = \"1\npass = x\naddress = 192.0.2.1/24\n", errors);
        assertThat(config).isNull();
        assertThat(errors).extracting(ConfigError::toString).containsExactly(
                "x.conf:1: the quoted value of 'interface' has no closing '\"'",
                "x.conf:2: the quoted value of 'vhid' has no closing '\"'");
    }
}
