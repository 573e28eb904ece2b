package org.carpd.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The guide's web pair, with carpd's http check instead of a cron script: nginx serves on both
 * nodes; stopping it on the MASTER moves the VIP, and starting it again brings it back (preempt).
 */
@Tag("lab")
class HealthCheckLabTest {
    private static final String VIP = "192.0.2.100";
    private static final long INTERVAL_MS = 1000;
    private static final int FALL = 2;
    @RegisterExtension
    final CarpdLab lab = new CarpdLab("h1", "h2", "c");

    @BeforeEach
    void webPair() throws Exception {
        for (String host : List.of("h1", "h2")) {
            lab.config(host, "web.conf", VhidFile.carp(1).advskew(host.equals("h1") ? 0 : 100).pass("MyS3cur3P@ss")
                    .address(VIP + "/24").preempt(true)
                    .set("check", "http http://127.0.0.1/ interval 1s timeout 500ms rise 2 fall " + FALL));
            startNginx(host);
        }
    }

    private void startNginx(String host) throws Exception {
        Path dir = lab.dir(host).resolve("nginx");
        Files.createDirectories(dir);
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, "daemon off;\npid " + dir.resolve("nginx.pid") + ";\nerror_log " + dir.resolve("error.log")
                + ";\nevents {}\nhttp {\n  access_log off;\n  client_body_temp_path " + dir + ";\n  proxy_temp_path " + dir
                + ";\n  fastcgi_temp_path " + dir + ";\n  uwsgi_temp_path " + dir + ";\n  scgi_temp_path " + dir
                + ";\n  server {\n    listen 80;\n    location / { return 200 \"" + host + "\\n\"; }\n  }\n}\n");
        lab.spawn(host, "nginx-" + host + ".log", "nginx", "-c", conf.toString());
        CarpdLab.await(Duration.ofSeconds(5), () -> Files.exists(dir.resolve("nginx.pid")), "nginx on " + host);
    }

    private void stopNginx(String host) throws Exception {
        Path pid = lab.dir(host).resolve("nginx").resolve("nginx.pid");
        Lab.run("kill", "-QUIT", Files.readString(pid).trim());
        CarpdLab.await(Duration.ofSeconds(5), () -> !Files.exists(pid), "nginx stopped on " + host);
    }

    /** The one health check of the host's vhid 1, as its status lists it. */
    private Map<String, Object> onlyCheck(String host) {
        List<Map<String, Object>> checks = lab.status(host).vhid(1).checks();
        assertThat(checks).hasSize(1);
        return checks.get(0);
    }

    /** GET http://VIP/ from the client; nginx answers with its host's name. */
    private String fetch() {
        try {
            String response = lab.inNs("c", "bash", "-c", "exec 3<>/dev/tcp/" + VIP + "/80; "
                    + "printf 'GET / HTTP/1.0\\r\\nHost: vip\\r\\n\\r\\n' >&3; timeout 2 cat <&3");
            return response.lines().reduce((a, b) -> b).orElse("");
        } catch (Exception e) {
            return "failed: " + e.getMessage();
        }
    }

    @Test
    void stoppingNginxOnTheMasterMovesTheVipAndStartingItBringsItBack() throws Exception {
        lab.start("h1");
        lab.start("h2");
        CarpdLab.await(Duration.ofSeconds(15), () -> lab.state("h1").equals("MASTER") && lab.state("h2").equals("BACKUP")
                && lab.status("h1").vhid(1).number("check_demotion") == 0, "h1 MASTER and healthy");
        assertThat(fetch()).isEqualTo("h1");
        Map<String, Object> check = onlyCheck("h1");
        assertThat(check).containsEntry("name", "http http://127.0.0.1/ interval 1s timeout 500ms rise 2 fall 2")
                .containsEntry("kind", "http").containsEntry("healthy", true);
        assertThat(check.get("last_result")).asInstanceOf(InstanceOfAssertFactories.MAP).containsEntry("detail", "HTTP 200");

        long stopped = System.nanoTime();
        stopNginx("h1");
        double bound = FALL * INTERVAL_MS / 1000.0 + 1.0 + 1.0; // fall x interval + one advert interval + 1 s
        CarpdLab.await(Duration.ofMillis((long) (bound * 1000) + 500), () -> lab.state("h2").equals("MASTER"), "h2 MASTER");
        double took = (System.nanoTime() - stopped) / 1e9;
        assertThat(took).as("seconds from nginx stop to the takeover").isLessThan(bound);
        CarpdLab.await(Duration.ofSeconds(3), () -> fetch().equals("h2"), "the VIP answered by h2's nginx");
        assertThat(lab.status("h1").vhid(1).number("check_demotion")).isEqualTo(240);
        assertThat(onlyCheck("h1")).containsEntry("healthy", false);
        assertThat(lab.log("h1")).contains("check http http://127.0.0.1/ interval 1s timeout 500ms rise 2 fall 2 failed");

        startNginx("h1");
        CarpdLab.await(Duration.ofSeconds(6), () -> lab.state("h1").equals("MASTER"), "h1 takes the VIP back");
        CarpdLab.await(Duration.ofSeconds(3), () -> fetch().equals("h1"), "the VIP answered by h1 again");
        assertThat(lab.state("h2")).isEqualTo("BACKUP");
    }
}
