package dev.jsalt.minion.grains;

/**
 * Who the minion process runs as (minion_process.py): real uid/gid from /proc/self/status, names from /etc/passwd
 * and /etc/group (the JVM's user name when the passwd entry comes from another NSS source).
 */
record ProcessIdentity(String username, String groupname, int uid, int gid) {

    static ProcessIdentity of(Machine m) {
        int uid = -1, gid = -1;
        String status = m.read("/proc/self/status");
        if (status != null) {
            for (String line : OsData.lines(status)) {
                if (line.startsWith("Uid:")) uid = firstId(line);
                if (line.startsWith("Gid:")) gid = firstId(line);
            }
        }
        String user = nameOf(m.read("/etc/passwd"), uid);
        if (user == null) user = System.getProperty("user.name", "");
        String group = nameOf(m.read("/etc/group"), gid);
        return new ProcessIdentity(user, group == null ? "" : group, uid, gid);
    }

    private static int firstId(String line) {
        String[] f = line.substring(4).strip().split("\\s+");
        try {
            return Integer.parseInt(f[0]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The name of the first passwd/group line whose third field is {@code id}. */
    static String nameOf(String file, int id) {
        if (file == null || id < 0) return null;
        for (String line : OsData.lines(file)) {
            String[] f = line.split(":", -1);
            if (f.length >= 3 && f[2].equals(Integer.toString(id))) return f[0];
        }
        return null;
    }
}
