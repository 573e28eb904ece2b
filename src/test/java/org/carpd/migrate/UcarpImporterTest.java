package org.carpd.migrate;

import org.carpd.config.TestParams;
import static org.assertj.core.api.Assertions.assertThat;
import static org.carpd.migrate.Fixtures.file;
import static org.carpd.migrate.Fixtures.findings;
import static org.carpd.migrate.Fixtures.parsed;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.carpd.config.VhidConfig;
import org.carpd.proto.IpPrefix;
import org.junit.jupiter.api.Test;

class UcarpImporterTest {
    @Test
    void readmeSampleCommandLineWithLongOptionsAndContinuations() {
        ImportResult result = UcarpImporter.importFiles(List.of(file("ucarp/start-ucarp.sh")));
        VhidConfig c = parsed(result, "eth0-vhid1");
        assertThat(c.interfaceName()).isEqualTo("eth0");
        assertThat(c.vhid()).isEqualTo(1);
        assertThat(new String(c.settings().params().password(), StandardCharsets.UTF_8)).isEqualTo("mypassword");
        assertThat(c.addresses()).containsExactly(IpPrefix.parse("10.1.1.252/32"));
        assertThat(TestParams.carp(c).advbase()).isEqualTo(1);
        assertThat(TestParams.carp(c).advskew()).isZero();
        assertThat(c.settings().preempt()).isFalse();
        assertThat(c.hooks().upScript()).isEqualTo("/etc/vip-up.sh");
        assertThat(c.hooks().downScript()).isEqualTo("/etc/vip-down.sh");
        String text = Fixtures.text(result, "eth0-vhid1");
        assertThat(text).contains("# ucarp/start-ucarp.sh:4 --addr", "# ucarp/start-ucarp.sh:5 --upscript",
                "# ucarp/start-ucarp.sh:3 --interface");
        assertThat(findings(result)).anyMatch(f -> f.contains("note: ucarp leaves adding and removing the VIP"))
                .anyMatch(f -> f.contains("note: --srcip 10.1.1.1"))
                .anyMatch(f -> f.contains("without --shutdown"))
                .noneMatch(f -> f.contains("mypassword"));
    }

    @Test
    void optionsVariableWithShortClusteredAndAbbreviatedOptions() {
        ImportResult result = UcarpImporter.importFiles(List.of(file("ucarp/ucarp.default")));
        VhidConfig c = parsed(result, "eth1-vhid42");
        assertThat(c.passfile()).isEqualTo("/etc/ucarp/vhid42.pass");
        assertThat(TestParams.carp(c).advskew()).isEqualTo(50);
        assertThat(TestParams.carp(c).advbase()).isEqualTo(2); // --advb=2
        assertThat(c.settings().preempt()).isTrue(); // -P in -PzB
        assertThat(c.addresses()).containsExactly(IpPrefix.parse("192.0.2.42/32"));
        assertThat(findings(result)).contains(
                "ucarp/ucarp.default:2: not converted: --xparam: carpd calls the scripts with (interface, VIP) only, "
                        + "so their third argument is empty; write the value into the scripts",
                "ucarp/ucarp.default:2: not converted: --neutral: carpd runs the down-script when a vhid first "
                        + "enters BACKUP at start");
    }

    @Test
    void debianInterfacesStanzaAsIfUpDotDBuildsIt() {
        ImportResult result = UcarpImporter.importFiles(List.of(file("ucarp/interfaces")));
        VhidConfig c = parsed(result, "eth0-vhid3");
        assertThat(c.addresses()).containsExactly(IpPrefix.parse("10.0.0.1/32")); // the eth0:ucarp stanza's netmask
        assertThat(c.settings().preempt()).isTrue(); // ucarp-master yes
        assertThat(new String(c.settings().params().password(), StandardCharsets.UTF_8)).isEqualTo("16charsatmost");
        assertThat(c.hooks().upScript()).isNull(); // Debian's vip-up only runs ifup eth0:ucarp
        assertThat(Fixtures.text(result, "eth0-vhid3")).contains("# ucarp/interfaces:6 --vhid",
                "# ucarp/interfaces:9 --advskew", "# ucarp/interfaces:11 --preempt");
        assertThat(findings(result)).anyMatch(f -> f.startsWith("ucarp/interfaces:3: note: --upscript "
                + "/usr/share/ucarp/vip-up (Debian's default"));
    }

    @Test
    void problemsNameTheOptionNeverTheValue() {
        ImportResult result = UcarpImporter.importFiles(List.of(Fixtures.text("run.sh",
                "ucarp -i eth0 -v 1 --pass=s3cr3t -a 10.0.0.1 --adv=3 --pas=s3cr3t -q\n"
                        + "ucarp -i eth0 -v 2 -p waytoolongpasswordforcarp -a 10.0.0.2\n"
                        + "ucarp -i eth0 -v 300 -p x -a 10.0.0.3\n")));
        assertThat(findings(result)).contains(
                "run.sh:1: not converted: --adv is ambiguous (--advbase, --advskew)",
                "run.sh:1: not converted: --pas is ambiguous (--pass, --passfile)",
                "run.sh:1: not converted: -q is not a ucarp option",
                "run.sh:2: not converted: --pass is 25 bytes or holds a control character; carpd takes 1..19 "
                        + "printable bytes",
                "run.sh:3: not converted: --vhid 300 is not 1..255")
                .noneMatch(f -> f.contains("s3cr3t") || f.contains("waytoolong"));
        assertThat(result.vhids()).extracting(ImportedVhid::name).containsExactly("eth0-vhid1");
    }

    @Test
    void aShellVariableInAValueIsExpandedWhenKnownAndReportedWhenNot() {
        ImportResult result = UcarpImporter.importFiles(List.of(Fixtures.text("run.sh",
                "IF=eth2\nVIP=192.0.2.9\nucarp -i $IF -v 9 -p pw -a \"${VIP}\" -k $SKEW\n")));
        assertThat(parsed(result, "eth2-vhid9").addresses()).containsExactly(IpPrefix.parse("192.0.2.9/32"));
        assertThat(findings(result)).contains("run.sh:3: not converted: the value of --advskew is worked out by the "
                + "shell when ucarp starts, so it is not known here");
    }

    @Test
    void nothingFound() {
        ImportResult result = UcarpImporter.importFiles(List.of(Fixtures.text("x.sh", "echo hello\n")));
        assertThat(result.vhids()).isEmpty();
        assertThat(findings(result)).containsExactly("x.sh:1: not converted: no ucarp command line, ucarp options "
                + "variable or ucarp-* interfaces stanza found");
    }
}
