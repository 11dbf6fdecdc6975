package dev.jsalt.master.compile.sls;

import java.util.List;
import java.util.regex.Pattern;

/** SLS names ({@code nginx.config}) and the files they live in ({@code nginx/config.sls} or {@code nginx/config/init.sls}). */
public final class SlsNames {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    private SlsNames() {
    }

    public static boolean valid(String sls) {
        return sls != null && NAME.matcher(sls).matches();
    }

    /** The files that may hold {@code sls}, in Salt's lookup order. */
    public static List<String> files(String sls) {
        String base = sls.replace('.', '/');
        return List.of(base + ".sls", base + "/init.sls");
    }

    /** The SLS name of a file: {@code nginx/init.sls} → {@code nginx}, {@code nginx/config.sls} → {@code nginx.config}. */
    public static String ofFile(String file) {
        String noExt = file.endsWith(".sls") ? file.substring(0, file.length() - 4) : file;
        if (noExt.endsWith("/init")) noExt = noExt.substring(0, noExt.length() - 5);
        return noExt.replace('/', '.');
    }

    /**
     * Resolves an include: {@code .foo} is relative to the including SLS's package (the SLS itself when it is an
     * {@code init.sls}, else its parent); each further leading dot climbs one level, as in Salt. Returns null when the
     * reference climbs above the tree root.
     */
    public static String resolve(String fromSls, String fromFile, String ref) {
        if (!ref.startsWith(".")) return ref;
        int dots = 0;
        while (dots < ref.length() && ref.charAt(dots) == '.') dots++;
        String rest = ref.substring(dots);
        String pkg = fromFile.endsWith("/init.sls") || fromFile.equals("init.sls") ? fromSls : parent(fromSls);
        for (int i = 1; i < dots; i++) {
            if (pkg.isEmpty()) return null;
            pkg = parent(pkg);
        }
        if (pkg.isEmpty()) return rest.isEmpty() ? null : rest;
        return rest.isEmpty() ? pkg : pkg + "." + rest;
    }

    private static String parent(String sls) {
        int dot = sls.lastIndexOf('.');
        return dot < 0 ? "" : sls.substring(0, dot);
    }
}
