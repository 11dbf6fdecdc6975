package dev.jsalt.master.statetree;

/** A path that is not a plain relative path inside the state tree. */
public class TreePathException extends IllegalArgumentException {
    public TreePathException(String path, String problem) {
        super("bad state tree path '" + printable(path) + "': " + problem);
    }

    private static String printable(String path) {
        return path == null ? "null" : path.replace("\0", "\\0");
    }
}
