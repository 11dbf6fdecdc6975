package dev.jsalt.e2e.cli;

import dev.jsalt.e2e.lab.Lab;

import java.util.List;

/** Finds the lab a CLI command means: the named one, or the only one there is. */
final class Labs {
    private Labs() {
    }

    static Lab pick(String name) {
        if (name != null) {
            return Lab.attach(name).orElseThrow(() -> new IllegalArgumentException("no lab named '" + name + "' (labs: " + Lab.list() + ")"));
        }
        List<String> labs = Lab.list();
        if (labs.isEmpty()) throw new IllegalArgumentException("no lab is up; start one with 'jsalt lab up lab.yaml'");
        if (labs.size() > 1) throw new IllegalArgumentException("several labs are up " + labs + "; name one");
        return pick(labs.get(0));
    }
}
