package dev.jsalt.minion.states.pkg;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Debian version order (checked against dpkg --compare-versions' documented cases) and pkg.installed's version forms. */
class PkgVersionTest {
    @Test
    void debianOrder() {
        assertTrue(DebVersion.compare("1.0", "1.0") == 0);
        assertTrue(DebVersion.compare("1.0-1", "1.0-2") < 0);
        assertTrue(DebVersion.compare("1:1.0", "2.0") > 0, "an epoch wins");
        assertTrue(DebVersion.compare("1.0~rc1", "1.0") < 0, "tilde sorts before everything");
        assertTrue(DebVersion.compare("1.0a", "1.0") > 0);
        assertTrue(DebVersion.compare("1.10", "1.9") > 0, "digits compare as numbers");
        assertTrue(DebVersion.compare("0.36.2-1", "0.36.1-4") > 0);
        assertTrue(DebVersion.compare("2.36-9+deb12u3", "2.36-9") > 0);
        assertTrue(DebVersion.compare("1.0+b1", "1.0") > 0);
        assertTrue(DebVersion.compare("1.2.3", "1.2.3.0") < 0);
    }

    @Test
    void versionForms() {
        PkgSpec exact = new PkgSpec("ufw", "0.36.2-1");
        assertEquals("ufw=0.36.2-1", exact.aptArg());
        assertTrue(exact.versionMatches("0.36.2-1"));
        assertTrue(new PkgSpec("libc6", "2.36-9").versionMatches("1:2.36-9"));
        assertTrue(new PkgSpec("xz", "1.2*").versionMatches("1.2.7-1"));

        PkgSpec latest = new PkgSpec("ufw", "latest");
        assertTrue(latest.isLatest());
        assertEquals("ufw", latest.aptArg(), "never ufw=latest");

        PkgSpec range = new PkgSpec("nginx", ">=1.22, <1.24");
        assertTrue(range.isComparison());
        assertEquals("nginx", range.aptArg());
        assertTrue(range.versionMatches("1.22.1-9"));
        assertFalse(range.versionMatches("1.24.0-1"));
        assertFalse(range.versionMatches("1.18.0-6"));
        assertFalse(range.versionMatches(null));
        assertEquals(List.of(new PkgSpec.Constraint(">=", "1.22"), new PkgSpec.Constraint("<", "1.24")), PkgSpec.constraints(">=1.22,<1.24"));
        assertTrue(new PkgSpec("ab", "==1.0").versionMatches("1.0"));
        assertTrue(new PkgSpec("ab", "!=1.0").versionMatches("1.1"));

        assertThrows(IllegalArgumentException.class, () -> new PkgSpec("ab", ">=1.0; rm -rf /"));
        assertThrows(IllegalArgumentException.class, () -> new PkgSpec("ab", "=>1"));
    }
}
