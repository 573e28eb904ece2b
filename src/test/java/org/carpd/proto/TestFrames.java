package org.carpd.proto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Ready-made frames for codec tests. */
final class TestFrames {
    static final byte[] MAC = {0x02, 0, 0, 0, 0, 0x0a};
    static final byte[] SOURCE_V4 = {(byte) 192, 0, 2, 10};
    static final byte[] SOURCE_V6 = IpPrefix.parseAddress("fe80::a");

    private TestFrames() {
    }

    static AdvertAuthenticator auth(int vhid, String password, String... addresses) {
        return new AdvertAuthenticator(vhid, password.getBytes(StandardCharsets.UTF_8),
                java.util.Arrays.stream(addresses).map(IpPrefix::parse).toList());
    }

    static ByteBuffer ipv4Advert(int vhid, int advbase, int advskew, long counter, AdvertAuthenticator auth) {
        ByteBuffer frame = ByteBuffer.allocate(AdvertFrames.IPV4_FRAME_LENGTH);
        int length = AdvertFrames.writeToGroup(frame, MAC, SOURCE_V4, 0x1234, CarpHeader.payload(vhid, advbase, advskew, counter, auth));
        frame.limit(length);
        return frame;
    }

    static ByteBuffer ipv6Advert(int vhid, int advbase, int advskew, long counter, AdvertAuthenticator auth) {
        ByteBuffer frame = ByteBuffer.allocate(AdvertFrames.IPV6_FRAME_LENGTH);
        int length = AdvertFrames.writeToGroup(frame, MAC, SOURCE_V6, 0, CarpHeader.payload(vhid, advbase, advskew, counter, auth));
        frame.limit(length);
        return frame;
    }

    static AdvertDecoder decoderFor(AdvertAuthenticator auth, int vhid) {
        return new AdvertDecoder(v -> v == vhid ? auth : null);
    }

    static List<IpPrefix> prefixes(String... addresses) {
        return java.util.Arrays.stream(addresses).map(IpPrefix::parse).toList();
    }
}
