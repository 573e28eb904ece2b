package org.carpd.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.carpd.proto.AdvertAuthenticator;
import org.carpd.proto.AdvertDecoder;
import org.carpd.proto.AdvertFrames;
import org.carpd.proto.CarpHeader;
import org.carpd.proto.DecodedAdvert;
import org.carpd.proto.IpPrefix;
import org.carpd.proto.LinkType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-packet hot paths: building and signing one IPv4 advert frame, and decoding and
 * verifying one. Run with {@code src/lab/bench-codec.sh} (adds {@code -prof gc} for allocation).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AdvertCodecBenchmark {
    private static final byte[] MAC = {0x02, 0, 0, 0, 0, 1};
    private static final byte[] SOURCE = {(byte) 192, 0, 2, 1};

    private AdvertAuthenticator authenticator;
    private AdvertDecoder decoder;
    private final DecodedAdvert decoded = new DecodedAdvert();
    private final ByteBuffer sendBuffer = ByteBuffer.allocate(AdvertFrames.IPV4_FRAME_LENGTH);
    private ByteBuffer received;
    private long counter;

    @Setup
    public void setUp() {
        authenticator = new AdvertAuthenticator(1, "MyS3cur3P@ss".getBytes(StandardCharsets.UTF_8),
                List.of(IpPrefix.parse("192.168.1.100/24")));
        decoder = new AdvertDecoder(vhid -> vhid == 1 ? authenticator : null);
        received = ByteBuffer.allocate(AdvertFrames.IPV4_FRAME_LENGTH);
        AdvertFrames.writeToGroup(received, MAC, SOURCE, 1, CarpHeader.payload(1, 1, 0, 0x0102030405060708L, authenticator));
    }

    @Benchmark
    public int encodeAndSign() {
        return AdvertFrames.writeToGroup(sendBuffer, MAC, SOURCE, 0x1234, CarpHeader.payload(1, 1, 0, ++counter, authenticator));
    }

    @Benchmark
    public boolean decodeAndVerify() {
        received.clear();
        if (!decoder.decode(received, LinkType.ETHERNET, decoded)) {
            throw new IllegalStateException("benchmark frame rejected: " + decoded.dropReason());
        }
        return true;
    }
}
