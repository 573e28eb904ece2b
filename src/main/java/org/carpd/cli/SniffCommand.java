package org.carpd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.carpd.link.CapturedFrame;
import org.carpd.link.FrameSource;
import org.carpd.link.PcapFrameSource;
import org.carpd.proto.AdvertAuthenticator;
import org.carpd.proto.AdvertDecoder;
import org.carpd.proto.DecodedAdvert;
import org.carpd.proto.DropReason;
import org.carpd.proto.IpPrefix;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code carpd sniff}: decodes CARP adverts live or from a capture file, one line per packet,
 * with TTL, checksum and HMAC verdicts. Frames that are not CARP are skipped; CARP frames that
 * cannot be decoded are reported and the tool goes on.
 */
@Command(name = "sniff", mixinStandardHelpOptions = true,
        description = {"Decode CARP advertisements live (-i, needs root) or from a capture file (-r).",
                "With a password (--passfile, --pass-env or --pass) and --address the HMAC is verified;",
                "otherwise it is 'unchecked'."})
public final class SniffCommand implements Callable<Integer> {
    static final class Source {
        @Option(names = {"-i", "--interface"}, paramLabel = "IFACE", description = "Capture live on IFACE.")
        String interfaceName;

        @Option(names = {"-r", "--read"}, paramLabel = "FILE", description = "Read a pcap or pcapng file.")
        Path file;
    }

    static final class Secret {
        @Option(names = "--pass", paramLabel = "SECRET",
                description = "The vhid password (at most 19 bytes). Visible to every user in ps: prefer --passfile or --pass-env.")
        String pass;

        @Option(names = "--passfile", paramLabel = "FILE",
                description = "Read the password from the first line of FILE ('-': standard input).")
        Path passfile;

        @Option(names = "--pass-env", paramLabel = "VAR", description = "Read the password from the environment variable VAR.")
        String passEnv;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Secret secret;

    @Option(names = {"-a", "--address"}, paramLabel = "ADDR[/LEN]",
            description = "A virtual address of the vhid (repeatable; IPv4 or IPv6), needed for the HMAC.")
    List<String> addresses = new ArrayList<>();

    @Option(names = "--json", description = "One JSON object per line.")
    boolean json;

    @Option(names = {"-c", "--count"}, paramLabel = "N", description = "Stop after N CARP frames.")
    long count = Long.MAX_VALUE;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        AdvertDecoder.Keys keys;
        try {
            keys = keys();
        } catch (IllegalArgumentException | IOException e) {
            err.println("carpd sniff: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        try (FrameSource frames = source.file != null ? PcapFrameSource.openFile(source.file)
                : PcapFrameSource.openLive(source.interfaceName)) {
            print(frames, keys, spec.commandLine().getOut());
            return ExitCodes.OK;
        } catch (IOException e) {
            err.println("carpd sniff: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }

    private void print(FrameSource frames, AdvertDecoder.Keys keys, PrintWriter out) throws IOException {
        // with a password the vhids sniffed are CARP: a CARP advert shaped like VRRPv2 (AuthLen 5) shows as CARP
        AdvertDecoder decoder = new AdvertDecoder(keys, secret != null ? vhid -> true : AdvertDecoder.LAYOUT_ONLY, true);
        AdvertPrinter printer = new AdvertPrinter(json);
        DecodedAdvert advert = new DecodedAdvert();
        long printed = 0;
        CapturedFrame frame;
        while (printed < count && (frame = frames.next()) != null) {
            decoder.decode(ByteBuffer.wrap(frame.data()), frames.linkType(), advert);
            DropReason reason = advert.dropReason();
            if (reason == DropReason.NOT_IP || reason == DropReason.NOT_CARP) {
                continue;
            }
            if (advert.structurallyValid()) {
                out.println(printer.advert(frame.time(), advert));
            } else {
                out.println(printer.rejected(frame.time(), advert, structuralReason(advert)));
            }
            out.flush();
            printed++;
        }
    }

    /** Why a frame could not be shown as an advert (a bad TTL or checksum alone would not stop it). */
    private static DropReason structuralReason(DecodedAdvert advert) {
        DropReason reason = advert.dropReason();
        if (reason == DropReason.BAD_TTL || reason == DropReason.BAD_CHECKSUM) {
            return advert.version() != 2 ? DropReason.BAD_VERSION : DropReason.BAD_TYPE;
        }
        return reason;
    }

    /** One authenticator per vhid seen, built from the password and the address list. */
    private AdvertDecoder.Keys keys() throws IOException {
        byte[] password = password();
        if (password == null && addresses.isEmpty()) {
            return vhid -> null;
        }
        if (password == null) {
            throw new IllegalArgumentException("--address needs a password (--passfile, --pass-env or --pass) to verify the HMAC");
        }
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("--pass needs at least one --address: the HMAC covers the vhid's addresses");
        }
        List<IpPrefix> prefixes = addresses.stream().map(IpPrefix::parse).toList();
        new AdvertAuthenticator(1, password, prefixes); // validates the password length once, up front
        AdvertAuthenticator[] byVhid = new AdvertAuthenticator[256];
        return vhid -> {
            if (vhid < 1 || vhid > 255) {
                return null;
            }
            if (byVhid[vhid] == null) {
                byVhid[vhid] = new AdvertAuthenticator(vhid, password, prefixes);
            }
            return byVhid[vhid];
        };
    }

    /** The password from whichever source was given; the messages never quote it. */
    private byte[] password() throws IOException {
        if (secret == null) {
            return null;
        }
        if (secret.pass != null) {
            return secret.pass.getBytes(StandardCharsets.UTF_8);
        }
        if (secret.passEnv != null) {
            String value = environment.apply(secret.passEnv);
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("--pass-env: the environment variable " + secret.passEnv
                        + " is not set or empty");
            }
            return value.getBytes(StandardCharsets.UTF_8);
        }
        String text = secret.passfile.toString().equals("-") ? new String(stdin.get().readNBytes(4096),
                StandardCharsets.UTF_8) : Files.readString(secret.passfile, StandardCharsets.UTF_8);
        return text.lines().findFirst().orElse("").getBytes(StandardCharsets.UTF_8);
    }

    /** Where {@code --pass-env} and {@code --passfile -} read from; tests replace them. */
    java.util.function.Function<String, String> environment = System::getenv;
    java.util.function.Supplier<java.io.InputStream> stdin = () -> System.in;
}
