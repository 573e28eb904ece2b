package org.carpd.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file under {@code src/test/resources/scenarios} is run and its transcript must equal the
 * file exactly. With {@code -Dscenarios.rewrite=true} the files are rewritten with the actual
 * output instead (then review the diff before committing it).
 */
class ScenarioTest {
    static Stream<Path> scenarios() throws IOException, URISyntaxException {
        Path dir = Path.of(ScenarioTest.class.getResource("/scenarios").toURI());
        return Files.list(dir).filter(p -> p.toString().endsWith(".txt")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void transcriptMatches(Path file) throws IOException {
        String expected = ScenarioRunner.read(file);
        String actual = new ScenarioRunner().run(expected);
        if (Boolean.getBoolean("scenarios.rewrite")) {
            Path source = Path.of("src/test/resources/scenarios").resolve(file.getFileName());
            Files.writeString(source, actual);
            return;
        }
        assertThat(actual).isEqualTo(expected);
    }
}
