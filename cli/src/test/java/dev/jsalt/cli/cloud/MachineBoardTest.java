package dev.jsalt.cli.cloud;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MachineBoardTest {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private final AtomicLong now = new AtomicLong(1_000_000);

    private MachineBoard board(boolean redraw) {
        return new MachineBoard(new PrintStream(buf, true, StandardCharsets.UTF_8), redraw, false, now::get);
    }

    private String printed() {
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutATerminalEveryStepIsALineAsItHappens() {
        MachineBoard b = board(false);
        b.accept("app1: creating (s-1vcpu-1gb in fra1, debian-12-x64)");
        b.accept("db1: creating (s-1vcpu-1gb in fra1, debian-12-x64)");
        b.accept("app1: active (droplet 7, 203.0.113.7)");
        assertEquals("app1: creating (s-1vcpu-1gb in fra1, debian-12-x64)\ndb1: creating (s-1vcpu-1gb in fra1, debian-12-x64)\n"
                + "app1: active (droplet 7, 203.0.113.7)\n", printed());
    }

    @Test
    void onATerminalEachMachineKeepsOneRowRedrawnInPlace() {
        MachineBoard b = board(true);
        b.accept("app1: creating");
        b.accept("db1: creating");
        now.addAndGet(12_500);
        b.accept("app1: active (droplet 7)");
        b.accept("a line about no machine");
        String c = "\r\u001b[2K";
        assertEquals(c + "app1    0 s  creating\n"
                        + "\u001b[1A" + c + "app1    0 s  creating\n" + c + "db1     0 s  creating\n"
                        + "\u001b[2A" + c + "app1   12 s  active (droplet 7)\n" + c + "db1    12 s  creating\n"
                        + "\u001b[2A" + c + "a line about no machine\n" + c + "app1   12 s  active (droplet 7)\n" + c + "db1    12 s  creating\n",
                printed());
    }
}
