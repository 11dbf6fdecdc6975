package dev.jsalt.minion.states.mysql;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MysqlSqlQuoteTest {

    @Test
    void literalEscapesQuotesBackslashesAndLineBreaks() {
        assertEquals("'plain'", SqlQuote.literal("plain"));
        assertEquals("'it\\'s'", SqlQuote.literal("it's"));
        assertEquals("'a\\\\b'", SqlQuote.literal("a\\b"));
        assertEquals("'\\\"q\\\"'", SqlQuote.literal("\"q\""));
        assertEquals("'l1\\nl2\\r'", SqlQuote.literal("l1\nl2\r"));
        assertEquals("'nul\\0 eof\\Z'", SqlQuote.literal("nul\0 eof\u001a"));
    }

    @Test
    void literalCannotBeClosedEarly() {
        // the classic: a value ending in a backslash must not escape our closing quote
        String q = SqlQuote.literal("x\\");
        assertEquals("'x\\\\'", q);
        String inj = SqlQuote.literal("'; DROP DATABASE mysql; -- ");
        assertEquals("'\\'; DROP DATABASE mysql; -- '", inj);
        assertFalse(SqlQuote.literal("a\nb").contains("\n"), "raw line breaks would reach the client's line parser");
    }

    @Test
    void identifierDoublesBackticks() {
        assertEquals("`shop`", SqlQuote.identifier("shop"));
        assertEquals("`we``ird`", SqlQuote.identifier("we`ird"));
        assertThrows(IllegalArgumentException.class, () -> SqlQuote.identifier(""));
        assertThrows(IllegalArgumentException.class, () -> SqlQuote.identifier("a\0b"));
    }

    @Test
    void accountQuotesUserAndHost() {
        assertEquals("'repl'@'10.77.0.%'", SqlQuote.account("repl", "10.77.0.%"));
        assertEquals("'o\\'neil'@'localhost'", SqlQuote.account("o'neil", "localhost"));
    }

    @Test
    void grantTargets() {
        assertEquals("*.*", SqlQuote.grantTarget("*.*"));
        assertEquals("`shop`.*", SqlQuote.grantTarget("shop.*"));
        assertEquals("`shop`.`orders`", SqlQuote.grantTarget("shop.orders"));
        assertEquals("`shop`.*", SqlQuote.grantTarget("`shop`.*"));
        assertEquals("`a.b`.*", SqlQuote.grantTarget("`a.b`.*"));
        assertEquals("`shop`.*", SqlQuote.grantTarget("shop"));
        assertEquals(new SqlQuote.GrantTarget("we`ird", "*"), SqlQuote.GrantTarget.parse("`we``ird`.*"));
    }

    @Test
    void optionFileValuesRoundTripThroughTheClientsEscapes() {
        assertEquals("\"p w\"", OptionFile.quote("p w"));
        assertEquals("\" a\\\"b\\\\c #d 'e \"", OptionFile.quote(" a\"b\\c #d 'e "));
        assertEquals("\"l1\\nl2\"", OptionFile.quote("l1\nl2"));
        String text = OptionFile.render(Connection.tcp("h", 3306, "repl", "s3cr\"t"));
        assertEquals("[client]\nuser=\"repl\"\npassword=\"s3cr\\\"t\"\n", text);
    }

    @Test
    void argvNeverCarriesThePassword() {
        Connection c = Connection.tcp("10.77.0.11", 3306, "repl", "hunter2");
        var argv = MysqlClient.argv("mariadb", c, java.nio.file.Path.of("/tmp/x.cnf"));
        assertEquals("--defaults-extra-file=/tmp/x.cnf", argv.get(1), "the option file must be the first option");
        assertFalse(String.join(" ", argv).contains("hunter2"));
        assertFalse(c.toString().contains("hunter2"));
    }

    @Test
    void nativePasswordHashMatchesTheServersPasswordFunction() {
        // SELECT PASSWORD('mypass'), PASSWORD('replpass') on MariaDB 10.11.19
        assertEquals("*6C8989366EAF75BB670AD8EA7A7FC1176A95CEF4", NativePassword.hash("mypass"));
        assertEquals("*D98280F03D0F78162EBDBB9C883FC01395DEA2BF", NativePassword.hash("replpass"));
    }
}
