package org.carpd.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.carpd.json.Json;
import org.junit.jupiter.api.Test;

/** The lab's reading of carpd's JSON (no namespaces: this runs with the unit tests). */
class DaemonStatusTest {
    /** The shape of {@code status json} (StatusFormat), two vhids on two interfaces in different states. */
    private static final String TWO_VHIDS = """
            {"demotion":240,"maintenance":false,"last_reload":{"time":"2026-11-29T20:00:00Z","source":"SIGHUP",\
            "ok":false,"errors":["/etc/carpd/broken.conf:2: vhid 300 is out of range 1..255"]},\
            "other_drops":{"bad_version":3},"vhids":[\
            {"interface":"eth0","vhid":1,"state":"MASTER","protocol":"carp","advbase":1,"advskew":0,\
            "effective_advskew":240,"preempt":true,"unicast_peers":[],"addresses":["192.0.2.100/24"],\
            "since":"2026-11-29T20:00:01Z","reason":"master timed out","split_brain":false,\
            "peers":[{"address":"192.0.2.2","last_seen":"2026-11-29T20:00:02Z","advbase":1,"advskew":100,"adverts":7}],\
            "check_demotion":0,"checks":[{"name":"http http://127.0.0.1/","kind":"http","target":"http://127.0.0.1/",\
            "healthy":true,"last_result":{"ok":true,"detail":"HTTP 200","time":"2026-11-29T20:00:03Z"},\
            "last_change":null}],"counters":{"adverts_sent":12,"adverts_received":0,"send_errors":0,\
            "drops":{"bad_auth":5,"replay":2},"transitions":2,"split_brain_episodes":1}},\
            {"interface":"dmz0","vhid":2,"state":"INIT","protocol":"vrrp3","priority":100,\
            "effective_priority":100,"interval_ms":1000,"preempt":true,"unicast_peers":[],"addresses":[],\
            "since":"2026-11-29T20:00:01Z","reason":"no such interface","split_brain":false,"peers":[],\
            "check_demotion":0,"checks":[],"counters":{"adverts_sent":0,"adverts_received":0,"send_errors":0,\
            "drops":{"bad_auth":1},"transitions":0,"split_brain_episodes":0}}]}""";

    @Test
    void readsEveryVhidAndTheDaemonWideFields() {
        DaemonStatus status = DaemonStatus.parse(TWO_VHIDS);
        assertThat(status.answering()).isTrue();
        assertThat(status.demotion()).isEqualTo(240);
        assertThat(status.maintenance()).isFalse();
        assertThat(status.lastReloadOk()).contains(false);
        assertThat(status.lastReloadErrors()).containsExactly("/etc/carpd/broken.conf:2: vhid 300 is out of range 1..255");
        assertThat(status.vhidNumbers()).containsExactly(1, 2);
        assertThat(status.state(1)).isEqualTo("MASTER");
        assertThat(status.state("dmz0", 2)).isEqualTo("INIT");
        assertThat(status.state("eth0", 2)).isEqualTo("ABSENT");
        assertThat(status.state(3)).isEqualTo("ABSENT");
        DaemonStatus.Vhid web = status.vhid(1);
        assertThat(web.number("effective_advskew")).isEqualTo(240);
        assertThat(web.flag("split_brain")).isFalse();
        assertThat(web.counter("split_brain_episodes")).isEqualTo(1);
        assertThat(web.drops()).containsExactly(Map.entry("bad_auth", 5L), Map.entry("replay", 2L));
        assertThat(web.peers()).singleElement().satisfies(p -> assertThat(p).containsEntry("address", "192.0.2.2"));
        assertThat(web.checks()).singleElement().satisfies(c -> assertThat(c).containsEntry("healthy", true));
        assertThat(status.otherDrops()).containsExactly(Map.entry("bad_version", 3L));
        assertThat(status.allDrops()).containsOnly(Map.entry("bad_version", 3L), Map.entry("bad_auth", 6L),
                Map.entry("replay", 2L));
    }

    @Test
    void oneStateOnlyWhenEveryVhidIsInIt() {
        assertThat(DaemonStatus.parse(TWO_VHIDS).state()).isEqualTo("1@eth0=MASTER 2@dmz0=INIT");
        assertThat(DaemonStatus.parse(TWO_VHIDS.replace("\"state\":\"INIT\"", "\"state\":\"MASTER\"")).state())
                .isEqualTo("MASTER");
        assertThat(DaemonStatus.parse("{\"demotion\":0,\"vhids\":[]}").state()).isEqualTo("NO VHIDS");
        assertThat(DaemonStatus.DOWN.state()).isEqualTo("DOWN");
        assertThat(DaemonStatus.DOWN.state(1)).isEqualTo("DOWN");
        assertThat(DaemonStatus.DOWN.vhids()).isEmpty();
        assertThatThrownBy(DaemonStatus.DOWN::demotion).isInstanceOf(AssertionError.class)
                .hasMessageContaining("does not answer");
    }

    @Test
    void aVhidNumberOnTwoInterfacesMustBeNamedWithItsInterface() {
        DaemonStatus status = DaemonStatus.parse(TWO_VHIDS.replace("\"vhid\":2", "\"vhid\":1"));
        assertThatThrownBy(() -> status.vhid(1)).isInstanceOf(AssertionError.class).hasMessageContaining("several");
        assertThat(status.state("dmz0", 1)).isEqualTo("INIT");
    }

    @Test
    void readsWhatCarpdsJsonWriterWrites() {
        String text = new Json().field("text", "a \"quoted\" \\ line\nwith\ttabs and \u0001").field("n", -42)
                .unsignedField("big", -1L).field("yes", true).field("none", (String) null)
                .rawField("list", Json.array(List.of("x", "y"))).rawField("empty", Json.rawArray(List.of())).toString();
        Map<String, Object> json = JsonReader.parseObject(text);
        assertThat(json).containsEntry("text", "a \"quoted\" \\ line\nwith\ttabs and \u0001").containsEntry("n", -42L)
                .containsEntry("yes", true).containsEntry("none", null).containsEntry("list", List.of("x", "y"))
                .containsEntry("empty", List.of());
        // 2^64 - 1 does not fit a long: read as a double rather than misread
        assertThat(((Number) json.get("big")).doubleValue()).isEqualTo(1.8446744073709552E19);
    }

    @Test
    void refusesWhatIsNotOneJsonValue() {
        for (String bad : List.of("", "{", "{\"a\":1,}", "{\"a\" 1}", "[1 2]", "{\"a\":1}x", "\"open", "tru", "-",
                "{\"a\":1,\"a\":2}", "{\"a\":\"\\x\"}")) {
            assertThatThrownBy(() -> JsonReader.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("JSON at offset");
        }
    }
}
