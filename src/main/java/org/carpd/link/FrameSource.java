package org.carpd.link;

import java.io.IOException;
import org.carpd.proto.LinkType;

/** A stream of captured frames: a live interface or a capture file. */
public interface FrameSource extends AutoCloseable {
    /** The framing of every frame this source yields. */
    LinkType linkType();

    /** The next frame; null at the end of a file. A live source blocks until a frame arrives. */
    CapturedFrame next() throws IOException;

    @Override
    void close();
}
