package org.carpd.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.carpd.proto.DecodedAdvert;
import org.carpd.json.Json;
import org.carpd.proto.DropReason;
import org.carpd.proto.IpPrefix;
import org.carpd.proto.VrrpHeader;

/** Formats what {@code carpd sniff} saw: one text line or one JSON object per CARP or VRRPv3 frame. */
final class AdvertPrinter {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final boolean json;

    AdvertPrinter(boolean json) {
        this.json = json;
    }

    /** A CARP, VRRPv3 or VRRPv2 advert whose fields could be read, with its TTL, checksum and HMAC verdicts. */
    String advert(Instant time, DecodedAdvert a) {
        if (a.version() == VrrpHeader.VERSION) {
            return vrrp(time, a);
        }
        if (a.vrrp2()) {
            return vrrp2(time, a);
        }
        if (json) {
            return new Json().field("time", TIME.format(time))
                    .field("src", a.sourceString()).field("dst", a.destinationString())
                    .field("version", a.version()).field("vhid", a.vhid())
                    .field("advbase", a.advbase()).field("advskew", a.advskew()).field("demote", a.demote())
                    .unsignedField("counter", a.counter())
                    .field("ttl", a.ttlOk() ? "ok" : "bad")
                    .field("checksum", a.checksumOk() ? "ok" : "bad")
                    .field("hmac", a.hmac().label()).toString();
        }
        return String.format("%s %s > %s vhid %d advbase %d advskew %d demote %d counter 0x%016x ttl %d %s"
                        + " checksum %s hmac %s",
                TIME.format(time), a.sourceString(), a.destinationString(), a.vhid(), a.advbase(), a.advskew(),
                a.demote(), a.counter(), a.ttl(), a.ttlOk() ? "ok" : "bad", a.checksumOk() ? "ok" : "bad",
                a.hmac().label());
    }

    private String vrrp(Instant time, DecodedAdvert a) {
        java.util.List<String> addresses = a.addresses().stream().map(IpPrefix::formatAddress).toList();
        if (json) {
            return new Json().field("time", TIME.format(time))
                    .field("src", a.sourceString()).field("dst", a.destinationString())
                    .field("version", a.version()).field("vrid", a.vhid()).field("priority", a.priority())
                    .field("interval_cs", a.intervalCs()).rawField("addresses", Json.array(addresses))
                    .field("ttl", a.ttlOk() ? "ok" : "bad")
                    .field("checksum", a.checksumOk() ? "ok" : "bad").toString();
        }
        return String.format("%s %s > %s vrrp3 vrid %d priority %d interval %dcs addresses %s ttl %d %s checksum %s",
                TIME.format(time), a.sourceString(), a.destinationString(), a.vhid(), a.priority(), a.intervalCs(),
                String.join(",", addresses), a.ttl(), a.ttlOk() ? "ok" : "bad", a.checksumOk() ? "ok" : "bad");
    }

    /**
     * A VRRPv2 advert: its Auth Type is shown, never the simple-text password (it is on the wire in
     * clear, but a terminal or a log it is printed to is a wider audience).
     */
    private String vrrp2(Instant time, DecodedAdvert a) {
        java.util.List<String> addresses = a.addresses().stream().map(IpPrefix::formatAddress).toList();
        String auth = switch (a.authType()) {
            case 0 -> "none";
            case 1 -> "simple-text";
            case 2 -> "ipsec-ah";
            default -> "type-" + a.authType();
        };
        if (json) {
            return new Json().field("time", TIME.format(time))
                    .field("src", a.sourceString()).field("dst", a.destinationString())
                    .field("version", a.version()).field("vrid", a.vhid()).field("priority", a.priority())
                    .field("interval_s", a.intervalCs() / 100).field("auth", auth)
                    .rawField("addresses", Json.array(addresses))
                    .field("ttl", a.ttlOk() ? "ok" : "bad")
                    .field("checksum", a.checksumOk() ? "ok" : "bad").toString();
        }
        return String.format("%s %s > %s vrrp2 vrid %d priority %d interval %ds auth %s addresses %s ttl %d %s"
                        + " checksum %s", TIME.format(time), a.sourceString(), a.destinationString(), a.vhid(),
                a.priority(), a.intervalCs() / 100, auth, String.join(",", addresses), a.ttl(),
                a.ttlOk() ? "ok" : "bad", a.checksumOk() ? "ok" : "bad");
    }

    /** A CARP or VRRP frame that could not be decoded. */
    String rejected(Instant time, DecodedAdvert a, DropReason reason) {
        if (json) {
            return new Json().field("time", TIME.format(time)).field("rejected", reason.label()).toString();
        }
        String from = a.family() == null ? "" : " " + a.sourceString() + " > " + a.destinationString();
        return TIME.format(time) + from + " rejected: " + reason.description();
    }
}
