package org.carpd.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The request type the CLI builds and the daemon parses: what one writes, the other reads back. */
class RequestTest {
    @Test
    void everyRequestTheCliBuildsParsesBackToItself() {
        List<Request> requests = List.of(new Request.Status(false), new Request.Status(true), new Request.Reload(),
                new Request.Demote(0), new Request.Demote(20), new Request.Demote(-240), new Request.Demote(9999),
                new Request.Maintenance(true, 10), new Request.Maintenance(false, 10),
                new Request.Maintenance(true, 600), new Request.Events());
        for (Request request : requests) {
            assertThat(Request.parse(request.line())).as(request.line()).isEqualTo(request);
        }
    }

    @Test
    void theWireFormIsTheLineAdminsTypeIntoNc() {
        assertThat(new Request.Demote(20).line()).isEqualTo("demote +20");
        assertThat(new Request.Demote(-5).line()).isEqualTo("demote -5");
        assertThat(new Request.Demote(0).line()).isEqualTo("demote");
        assertThat(new Request.Maintenance(true, 30).line()).isEqualTo("maintenance on 30");
        assertThat(new Request.Status(true).line()).isEqualTo("status json");
    }

    @Test
    void demoteTakesASignedNumberOfAtMostFourDigits() {
        assertThat(Request.parse("demote 7")).isEqualTo(new Request.Demote(7));
        assertThat(Request.parse("demote +0")).isEqualTo(new Request.Demote(0));
        assertThat(Request.parse("demote ten")).isEqualTo(new Request.Invalid("demote takes +N or -N, not 'ten'"));
        assertThat(Request.parse("demote +12345")).isInstanceOf(Request.Invalid.class);
    }

    @Test
    void maintenanceNeedsOnOrOffAndFallsBackToTheDefaultTimeout() {
        assertThat(Request.parse("maintenance")).isEqualTo(new Request.Invalid("maintenance takes on or off"));
        assertThat(Request.parse("maintenance maybe")).isEqualTo(new Request.Invalid("maintenance takes on or off"));
        assertThat(Request.parse("maintenance on")).isEqualTo(new Request.Maintenance(true, 10));
        assertThat(Request.parse("maintenance on -3")).isEqualTo(new Request.Maintenance(true, 10));
        assertThat(Request.parse("maintenance on 99999")).isEqualTo(new Request.Maintenance(true, 10));
    }

    @Test
    void anUnknownLineIsAnsweredWithTheKnownRequests() {
        assertThat(Request.parse("  statusx ")).isEqualTo(new Request.Invalid("unknown request 'statusx' (known: "
                + "status, status json, reload, demote [+N|-N], maintenance on|off [SECONDS], events)"));
        assertThat(Request.parse("")).isInstanceOf(Request.Invalid.class);
        assertThat(Request.parse("events please")).as("a stream takes no arguments").isInstanceOf(Request.Invalid.class);
        assertThat(Request.parse("status text")).as("anything but json is the text status").isEqualTo(new Request.Status(false));
    }
}
