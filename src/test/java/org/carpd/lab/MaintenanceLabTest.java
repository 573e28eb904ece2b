package org.carpd.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carpd.control.ControlClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Planned hand-over with maintenance (zero lost pings), kept across a restart; events and metrics. */
@Tag("lab")
class MaintenanceLabTest {
    private static final String VIP = "192.0.2.100";
    @RegisterExtension
    final CarpdLab lab = new CarpdLab("h1", "h2", "c");

    @BeforeEach
    void webPair() throws Exception {
        for (String host : List.of("h1", "h2")) {
            lab.config(host, "web.conf", VhidFile.carp(1).advskew(host.equals("h1") ? 0 : 100).pass("pw")
                    .address(VIP + "/24").preempt(true));
        }
    }

    @Test
    void maintenanceHandsOverWithoutLosingAPingAndSurvivesARestart() throws Exception {
        Process h1 = lab.start("h1");
        CarpdLab.await(Duration.ofSeconds(10), () -> lab.state("h1").equals("MASTER"), "h1 MASTER");
        lab.start("h2");
        CarpdLab.await(Duration.ofSeconds(10), () -> lab.state("h2").equals("BACKUP"), "h2 BACKUP");
        Thread.sleep(2500);

        // The client pings the VIP every 10 ms through the whole hand-over.
        Process ping = lab.spawn("c", "ping.log", "ping", "-i", "0.01", "-c", "400", "-W", "1", VIP);
        Thread.sleep(1000);
        String answer = Lab.run(CarpdJar.command("maintenance", "on", "--control-socket", lab.socket("h1").toString()));
        assertThat(answer).startsWith("maintenance on: no vhid is MASTER here");
        assertThat(lab.state("h2")).isEqualTo("MASTER");
        ping.waitFor();
        String pings = lab.output("ping.log");
        assertThat(pings).contains("400 packets transmitted, 400 received, 0% packet loss");

        // The flag survives a restart: h1 comes back demoted and stays BACKUP.
        assertThat(lab.terminate("h1", h1)).isZero();
        lab.start("h1");
        Thread.sleep(4000);
        assertThat(lab.state("h1")).isEqualTo("BACKUP");
        assertThat(lab.status("h1").demotion()).isEqualTo(240);
        assertThat(lab.status("h1").maintenance()).isTrue();
        assertThat(lab.log("h1")).contains("in maintenance");

        Lab.run(CarpdJar.command("maintenance", "off", "--control-socket", lab.socket("h1").toString()));
        CarpdLab.await(Duration.ofSeconds(4), () -> lab.state("h1").equals("MASTER"), "h1 preempts back");
        assertThat(lab.status("h1").maintenance()).isFalse();
        assertThat(lab.status("h1").demotion()).isZero();
    }

    @Test
    void eventsStreamToSeveralClientsAndMetricsServeThePrometheusFormat() throws Exception {
        lab.start("h1", "--metrics-listen", "127.0.0.1:9111");
        CarpdLab.await(Duration.ofSeconds(10), () -> lab.state("h1").equals("MASTER"), "h1 MASTER");
        List<List<String>> clients = List.of(new ArrayList<>(), new ArrayList<>());
        List<Thread> readers = new ArrayList<>();
        for (List<String> lines : clients) {
            Thread reader = new Thread(() -> {
                try {
                    ControlClient.stream(lab.socket("h1"), "events", line -> {
                        synchronized (lines) {
                            lines.add(line);
                        }
                        return lines.size() < 2;
                    });
                } catch (Exception e) {
                    synchronized (lines) {
                        lines.add("failed: " + e);
                    }
                }
            });
            reader.start();
            readers.add(reader);
        }
        Thread.sleep(500);
        lab.start("h2");
        Lab.run(CarpdJar.command("demote", "+240", "--control-socket", lab.socket("h1").toString()));
        for (Thread reader : readers) {
            reader.join(10_000);
        }
        for (List<String> lines : clients) {
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).matches("\\{\"seq\":(\\d+),\"time\":\"[^\"]+\",\"type\":\"demotion\",\"adjustment\":240,"
                    + "\"total\":240,\"reason\":\"user requested via carpd demote\"}");
            assertThat(lines.get(1)).contains("\"type\":\"transition\",\"vhid\":\"1@eth0\",\"interface\":\"eth0\","
                    + "\"from\":\"MASTER\",\"to\":\"BACKUP\",\"reason\":\"more frequent advertisement received\"");
            assertThat(seq(lines.get(1))).isEqualTo(seq(lines.get(0)) + 1);
        }
        assertThat(clients.get(0)).isEqualTo(clients.get(1));

        String metrics = lab.inNs("h1", "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9111; "
                + "printf 'GET /metrics HTTP/1.0\\r\\n\\r\\n' >&3; cat <&3");
        assertThat(metrics).contains("HTTP/1.1 200", "# TYPE carpd_vhid_state gauge",
                "carpd_vhid_state{interface=\"eth0\",vhid=\"1\",state=\"BACKUP\"} 1",
                "carpd_vhid_state{interface=\"eth0\",vhid=\"1\",state=\"MASTER\"} 0",
                "carpd_demotion 240", "# TYPE carpd_transitions_total counter",
                "carpd_transitions_total{interface=\"eth0\",vhid=\"1\"} 3",
                "carpd_adverts_received_total{interface=\"eth0\",vhid=\"1\"}",
                "carpd_split_brain_alarm{interface=\"eth0\",vhid=\"1\"} 0",
                "carpd_last_transition_timestamp_seconds{interface=\"eth0\",vhid=\"1\"}");
    }

    private static long seq(String line) {
        Matcher m = Pattern.compile("\"seq\":(\\d+)").matcher(line);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
