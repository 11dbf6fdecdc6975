package dev.jsalt.master.compile.salt;

import java.util.ArrayList;
import java.util.List;

/** Python's {@code posixpath}: dirname, basename, join, normpath (what Salt's file.dirname/basename/join/normpath call). */
final class PyPath {
    private PyPath() {
    }

    static String dirname(String p) {
        int i = p.lastIndexOf('/') + 1;
        String head = p.substring(0, i);
        if (!head.isEmpty() && !head.chars().allMatch(c -> c == '/')) {
            head = head.replaceAll("/+$", "");
        }
        return head;
    }

    static String basename(String p) {
        return p.substring(p.lastIndexOf('/') + 1);
    }

    static String join(List<String> parts) {
        if (parts.isEmpty()) {
            throw dev.jsalt.jinja.value.Py.typeError("join() missing 1 required positional argument: 'a'");
        }
        String path = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            String b = parts.get(i);
            if (b.startsWith("/")) {
                path = b;
            } else if (path.isEmpty() || path.endsWith("/")) {
                path += b;
            } else {
                path += "/" + b;
            }
        }
        return path;
    }

    static String normpath(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        int initial = path.startsWith("/") ? (path.startsWith("//") && !path.startsWith("///") ? 2 : 1) : 0;
        List<String> out = new ArrayList<>();
        for (String comp : path.split("/")) {
            if (comp.isEmpty() || comp.equals(".")) {
                continue;
            }
            if (!comp.equals("..") || (initial == 0 && out.isEmpty()) || (!out.isEmpty() && out.get(out.size() - 1).equals(".."))) {
                out.add(comp);
            } else if (!out.isEmpty()) {
                out.remove(out.size() - 1);
            }
        }
        String p = "/".repeat(initial) + String.join("/", out);
        return p.isEmpty() ? "." : p;
    }
}
