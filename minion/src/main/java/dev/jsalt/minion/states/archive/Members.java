package dev.jsalt.minion.states.archive;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An archive's member paths, as its listing names them (a directory ends in {@code /}), made relative and checked:
 * an absolute member or one with a {@code ..} component would land outside the directory and is refused, whatever
 * tar or unzip would make of it.
 */
record Members(List<String> names) {

    static Members of(List<String> listed) {
        List<String> out = new ArrayList<>();
        for (String raw : listed) {
            String n = raw.replaceFirst("^(\\./)+", "");
            if (n.isEmpty() || n.equals(".")) continue;
            if (n.startsWith("/")) throw new IllegalArgumentException("the archive has an absolute member, refused: " + raw);
            for (String part : n.split("/")) {
                if (part.equals("..")) throw new IllegalArgumentException("the archive has a member outside its directory (..), refused: " + raw);
            }
            out.add(n);
        }
        return new Members(List.copyOf(out));
    }

    /** The first path components: what the archive puts directly into the directory. */
    Set<String> topLevel() {
        Set<String> top = new LinkedHashSet<>();
        for (String n : names) top.add(n.split("/", 2)[0]);
        return top;
    }

    /** Salt's enforce_toplevel: every member under one directory. */
    boolean singleTopLevelDirectory() {
        Set<String> top = topLevel();
        if (top.size() != 1) return false;
        String t = top.iterator().next();
        return names.stream().allMatch(n -> n.equals(t + "/") || n.startsWith(t + "/"));
    }

    /** Members not under {@code dir} (a directory member must be a directory there). */
    List<String> missing(Path dir) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            Path p = dir.resolve(n);
            boolean ok = n.endsWith("/") ? Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) : Files.exists(p, LinkOption.NOFOLLOW_LINKS);
            if (!ok) out.add(n);
        }
        return out;
    }
}
