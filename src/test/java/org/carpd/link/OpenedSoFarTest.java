package org.carpd.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a failed open closes (PcapLink.open: capture, injection, memberships) and what it reports. */
class OpenedSoFarTest {
    private final List<String> closed = new ArrayList<>();

    @Test
    void everythingOpenedIsClosedNewestFirst() {
        OpenedSoFar opened = new OpenedSoFar();
        opened.add(() -> closed.add("capture"));
        opened.add(() -> closed.add("injection"));
        opened.add(() -> closed.add("memberships"));
        opened.closeAfter(new IOException("join refused"));
        assertThat(closed).containsExactly("memberships", "injection", "capture");
    }

    @Test
    void aFailingCloseNeitherStopsTheOthersNorReplacesTheOriginalFailure() {
        OpenedSoFar opened = new OpenedSoFar();
        opened.add(() -> closed.add("capture"));
        opened.add(() -> {
            throw new IOException("close refused");
        });
        opened.add(() -> closed.add("memberships"));
        IOException failure = new IOException("join refused");
        opened.closeAfter(failure);
        assertThat(closed).containsExactly("memberships", "capture");
        assertThat(failure).hasMessage("join refused");
        assertThat(failure.getSuppressed()).singleElement()
                .satisfies(e -> assertThat(e).hasMessage("close refused"));
    }

    @Test
    void eachIsClosedOnceEvenWhenClosedAgain() {
        OpenedSoFar opened = new OpenedSoFar();
        opened.add(() -> closed.add("capture"));
        opened.closeAfter(new IOException("first"));
        opened.closeAfter(new IOException("second"));
        assertThat(closed).containsExactly("capture");
    }
}
