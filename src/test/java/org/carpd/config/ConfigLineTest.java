package org.carpd.config;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.carpd.proto.IpPrefix;
import org.junit.jupiter.api.Test;

/**
 * The line helpers give what the regular expressions they replaced gave, for any text made of the
 * characters that matter to them (whitespace of every kind, CR, LF, digits, letters, punctuation,
 * non-ASCII digits and letters).
 */
class ConfigLineTest {
    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars(" \t\n\u000B\f\r\u001C\u00A0\u2003=#\"aZ09_.:-/\u0663\u00E9x")
                .ofMinLength(0).ofMaxLength(24);
    }

    @Property(tries = 3000)
    void firstWordIsWhatSplittingAtWhitespaceGave(@ForAll("texts") String text) {
        String stripped = text.strip();
        assertThat(ConfigLine.firstWord(stripped)).isEqualTo(stripped.split("\\s+", 2)[0]);
    }

    @Property(tries = 3000)
    void linesAreWhatSplittingAtCrLfOrLfGave(@ForAll("texts") String text) {
        assertThat(ConfigLine.lines(text)).containsExactly(text.split("\r?\n", -1));
    }

    @Property(tries = 3000)
    void digitsAndInterfaceNamesAreWhatTheirPatternsMatched(@ForAll("texts") String text) {
        assertThat(IpPrefix.isDecimal(text, 9)).isEqualTo(text.matches("[0-9]{1,9}"));
        assertThat(IpPrefix.isDecimal(text, 3)).isEqualTo(text.matches("[0-9]{1,3}"));
        assertThat(ConfigLine.isInterfaceName(text, 15)).isEqualTo(text.matches("[A-Za-z0-9_.:-]{1,15}"));
    }

    @Test
    void edgeCases() {
        assertThat(ConfigLine.lines("")).containsExactly("");
        assertThat(ConfigLine.lines("a\r\r\nb\n")).containsExactly("a\r", "b", "");
        assertThat(ConfigLine.lines("\r\n\n")).containsExactly("", "", "");
        assertThat(IpPrefix.isDecimal("123456789", 9)).isTrue(); // the limit itself is allowed
        assertThat(IpPrefix.isDecimal("1234567890", 9)).isFalse();
        assertThat(IpPrefix.isDecimal("\u0663", 9)).isFalse(); // an Arabic-Indic three is not [0-9]
        assertThat(ConfigLine.isInterfaceName("vlan100.2", 15)).isTrue();
        assertThat(ConfigLine.isInterfaceName("eth0 ", 15)).isFalse();
        assertThat(ConfigLine.isInterfaceName("abcdefghijklmno", 15)).isTrue(); // IFNAMSIZ - 1 is allowed
        assertThat(ConfigLine.isInterfaceName("abcdefghijklmnop", 15)).isFalse();
        assertThat(ConfigLine.firstWord("pass\u00A0x")).isEqualTo("pass\u00A0x"); // no-break space is not \s
    }
}
