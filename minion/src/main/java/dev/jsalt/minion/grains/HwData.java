package dev.jsalt.minion.grains;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Hardware grains as Salt 3006.1 reads them on Linux: {@code _linux_cpudata}, {@code _linux_memdata}, {@code
 * _linux_gpu_data}, {@code _hw_data} (sysfs branch), {@code _linux_devicetree_platform_data} (core.py), {@code
 * _linux_disks} (disks.py), {@code mdadm} (mdadm.py) and {@code lvm} (lvm.py).
 */
final class HwData {
    private HwData() {
    }

    /** num_cpus (count of "processor" lines), cpu_model, cpu_flags, following every branch of Salt's loop. */
    static Map<String, Object> cpuinfo(String text) {
        Map<String, Object> g = new LinkedHashMap<>();
        if (text != null) {
            g.put("num_cpus", 0);
            for (String line : OsData.lines(text)) {
                String[] comps = line.split(":", -1);
                if (comps.length <= 1) continue;
                String key = comps[0].strip();
                String val = comps[1].strip();
                switch (key) {
                    case "processor" -> g.put("num_cpus", (Integer) g.get("num_cpus") + 1);
                    case "# processors" -> g.put("num_cpus", Integer.parseInt(val));
                    case "vendor_id", "model name", "cpu" -> g.put("cpu_model", val);
                    case "flags", "Features" -> g.put("cpu_flags", val.isEmpty() ? List.of() : List.of(val.split("\\s+")));
                    case "Processor" -> {
                        g.put("cpu_model", val.split("-", -1)[0]);
                        g.put("num_cpus", 1);
                    }
                    default -> { }
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("num_cpus", g.getOrDefault("num_cpus", 0));
        out.put("cpu_model", g.getOrDefault("cpu_model", "Unknown"));
        out.put("cpu_flags", g.getOrDefault("cpu_flags", List.of()));
        return out;
    }

    /** mem_total and swap_total in MiB (floor division of the kB figures). */
    static Map<String, Object> meminfo(String text) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("mem_total", 0);
        g.put("swap_total", 0);
        if (text == null) return g;
        for (String line : OsData.lines(text)) {
            String[] comps = line.split(":", -1);
            if (comps.length <= 1) continue;
            String key = comps[0].strip();
            String[] words = comps[1].strip().split("\\s+");
            if (key.equals("MemTotal")) g.put("mem_total", toInt(Long.parseLong(words[0]) / 1024));
            if (key.equals("SwapTotal")) g.put("swap_total", toInt(Long.parseLong(words[0]) / 1024));
        }
        return g;
    }

    static Object toInt(long v) {
        return v <= Integer.MAX_VALUE && v >= Integer.MIN_VALUE ? (Object) (int) v : (Object) v;
    }

    private static final List<String> GPU_VENDORS = List.of("nvidia", "amd", "ati", "intel", "cirrus logic", "vmware",
            "matrox", "aspeed");
    private static final List<String> GPU_CLASSES = List.of("vga compatible controller", "3d controller",
            "display controller");
    private static final Pattern LSPCI_LINE = Pattern.compile("^\\w+:\\s+.*", Pattern.UNICODE_CHARACTER_CLASS);

    /** Salt's parse of {@code lspci -vmm}: the display-class devices as {vendor, model}. */
    static List<Map<String, Object>> gpus(String lspciVmm) {
        List<Map<String, String>> devs = new ArrayList<>();
        Map<String, String> cur = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>(Arrays.asList(lspciVmm.split("\n", -1)));
        lines.add("");
        for (String line : lines) {
            if (line.isEmpty()) {
                if (GPU_CLASSES.contains(cur.getOrDefault("Class", "").toLowerCase(Locale.ROOT))) devs.add(cur);
                cur = new LinkedHashMap<>();
                continue;
            }
            if (LSPCI_LINE.matcher(line).matches()) {
                int colon = line.indexOf(':');
                cur.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        List<Map<String, Object>> gpus = new ArrayList<>();
        for (Map<String, String> gpu : devs) {
            List<String> words = Arrays.asList(gpu.getOrDefault("Vendor", "").toLowerCase(Locale.ROOT).split("[^A-Za-z0-9]", -1));
            String vendor = "unknown";
            for (String name : GPU_VENDORS) {
                if (words.contains(name)) {
                    vendor = name;
                    break;
                }
            }
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("vendor", vendor);
            g.put("model", gpu.get("Device"));
            gpus.add(g);
        }
        return gpus;
    }

    /** True when sysfs lists a PCI device of the display class (0x03): only then is lspci worth running. */
    static boolean hasDisplayDevice(Machine m) {
        for (String dev : m.list("/sys/bus/pci/devices")) {
            String cls = m.read("/sys/bus/pci/devices/" + dev + "/class");
            if (cls != null && cls.strip().toLowerCase(Locale.ROOT).startsWith("0x03")) return true;
        }
        return false;
    }

    /** disks (rotational) and ssds (non-rotational), block devices that are not virtual, in directory order. */
    static Map<String, Object> disks(Machine m) {
        List<String> disks = new ArrayList<>();
        List<String> ssds = new ArrayList<>();
        for (String dev : m.list("/sys/block")) {
            String entry = "/sys/block/" + dev;
            if (m.readlink(entry).startsWith("../devices/virtual/")) continue;
            String flag = m.read(entry + "/queue/rotational");
            if (flag == null || flag.isEmpty()) continue;
            if (flag.charAt(0) == '0') ssds.add(dev);
            else if (flag.charAt(0) == '1') disks.add(dev);
        }
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("disks", disks);
        g.put("ssds", ssds);
        return g;
    }

    /** The sysfs firmware grains (biosversion, productname, manufacturer, uuid, ...) where /sys/class/dmi/id exists. */
    static Map<String, Object> dmi(Machine m) {
        Map<String, Object> g = new LinkedHashMap<>();
        if (!m.exists("/sys/class/dmi/id")) return g;
        String[][] files = {{"biosversion", "bios_version"}, {"biosvendor", "bios_vendor"}, {"boardname", "board_name"},
                {"productname", "product_name"}, {"manufacturer", "sys_vendor"}, {"biosreleasedate", "bios_date"},
                {"uuid", "product_uuid"}, {"serialnumber", "product_serial"}};
        for (String[] f : files) {
            String v = m.read("/sys/class/dmi/id/" + f[1]);
            if (v == null) continue;
            v = v.strip();
            g.put(f[0], f[0].equals("uuid") ? v.toLowerCase(Locale.ROOT) : v);
        }
        return g;
    }

    /** manufacturer/productname/serialnumber from /proc/device-tree (ARM and POWER boards). */
    static Map<String, Object> deviceTree(Machine m) {
        Map<String, Object> g = new LinkedHashMap<>();
        if (!m.isDir("/proc/device-tree")) return g;
        String model = dtString(m, "model");
        if (model != null && !model.isEmpty()) {
            String[] parts = model.split(",", 2);
            if (parts.length == 2) {
                g.put("manufacturer", parts[0]);
                g.put("productname", parts[1]);
            } else {
                g.put("productname", parts[0]);
            }
        }
        String systemId = dtString(m, "system-id");
        if (systemId != null && !systemId.isEmpty()) g.put("serialnumber", systemId);
        String serial = dtString(m, "serial-number");
        if (serial != null && !serial.isEmpty()) g.put("serialnumber", serial);
        return g;
    }

    private static String dtString(Machine m, String name) {
        String path = "/proc/device-tree/" + name;
        if (!m.isFile(path)) return null;
        String s = m.read(path);
        if (s == null) return null;
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '\0') end--;
        return s.substring(0, end);
    }

    /** mdadm.py: the md devices named in /proc/mdstat, sorted; null (no grain) when the file is absent. */
    static List<String> mdadm(String mdstat) {
        if (mdstat == null) return null;
        TreeSet<String> devices = new TreeSet<>();
        for (String line : OsData.lines(mdstat)) {
            if (line.startsWith("Personalities : ") || line.startsWith("unused devices:")) continue;
            int i = line.indexOf(" : ");
            if (i >= 0) devices.add(line.substring(0, i));
        }
        return new ArrayList<>(devices);
    }

    /** lvm.py from {@code lvm vgs -o vg_name} and {@code lvm lvs -o vg_name,lv_name} (both {@code --noheadings}). */
    static Map<String, Object> lvm(String vgs, String lvs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String vg : vgs.split("\n")) {
            if (vg.isBlank()) continue;
            out.put(vg.strip(), new ArrayList<String>());
        }
        for (String line : lvs.split("\n")) {
            String[] w = line.strip().split("\\s+");
            if (w.length != 2) continue;
            @SuppressWarnings("unchecked")
            List<String> list = (List<String>) out.get(w[0]);
            if (list != null) list.add(w[1]);
        }
        return out;
    }
}
