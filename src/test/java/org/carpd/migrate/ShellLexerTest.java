package org.carpd.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellLexerTest {
    private static List<ShellLexer.Command> lex(String text) {
        ShellLexer.Result result = new ShellLexer().lex(new SourceFile("f", text));
        assertThat(result.problem()).isNull();
        return result.commands();
    }

    @Test
    void quotesEscapesContinuationsAndComments() {
        List<ShellLexer.Command> commands = lex("""
                a='single $X "kept"' b="double \\"q\\" \\$X \\
                continued" # a comment
                c=plain\\ word; ucarp -i eth0 \\
                   -v 1   # trailing comment
                d="multi
                line"
                """);
        assertThat(commands).hasSize(4);
        List<ShellLexer.Assignment> first = commands.get(0).assignments();
        assertThat(first).extracting(ShellLexer.Assignment::name).containsExactly("a", "b");
        assertThat(first.get(0).value().text()).isEqualTo("single $X \"kept\"");
        assertThat(first.get(1).value().text()).isEqualTo("double \"q\" $X continued");
        assertThat(first.get(1).value().unresolved()).isFalse();
        assertThat(commands.get(1).assignments().get(0).value().text()).isEqualTo("plain word");
        ShellLexer.Command ucarp = commands.get(2);
        assertThat(ucarp.where()).isEqualTo(new Source("f", 3));
        assertThat(ucarp.words()).extracting(ShellLexer.Word::text).containsExactly("ucarp", "-i", "eth0", "-v", "1");
        assertThat(ucarp.words()).extracting(ShellLexer.Word::line).containsExactly(3, 3, 3, 4, 4);
        assertThat(commands.get(3).assignments().get(0).value().text()).isEqualTo("multi\nline");
        assertThat(commands.get(3).where().line()).isEqualTo(5);
    }

    @Test
    void knownVariablesExpandAndEverythingElseIsMarkedUnresolved() {
        List<ShellLexer.Command> commands = lex("IF=em0\nx=\"$IF ${IF}\" y=$NOPE z=$(hostname) w=`id` v=${IF:-x}\n");
        List<ShellLexer.Assignment> a = commands.get(1).assignments();
        assertThat(a.get(0).value().text()).isEqualTo("em0 em0");
        assertThat(a.get(0).value().unresolved()).isFalse();
        assertThat(a.subList(1, 5)).allSatisfy(x -> assertThat(x.value().unresolved()).isTrue());
        assertThat(a.get(1).value().text()).isEqualTo("$NOPE");
    }

    @Test
    void anUnclosedQuoteIsReportedAtItsLine() {
        ShellLexer.Result result = new ShellLexer().lex(new SourceFile("f", "a=1\nb='open\n"));
        assertThat(result.commands()).hasSize(1);
        assertThat(result.problem()).hasToString("f:2: not converted: a single quote is not closed; nothing after "
                + "this line was read");
    }
}
