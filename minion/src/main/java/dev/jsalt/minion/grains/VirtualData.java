package dev.jsalt.minion.grains;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Salt 3006.1's {@code _virtual} and {@code _virtual_hv} for Linux: the first detection command that is installed
 * ({@code virt-what} if present, else {@code systemd-detect-virt} then {@code dmidecode}; {@code lspci} last when
 * {@code /proc/bus/pci} exists), then the file checks (OpenVZ, Xen, QEMU CPU, DMI product name, container cgroups and
 * environment). {@code systemd-detect-virt} answers Salt does not know (e.g. {@code docker}) fall through to the next
 * command, as in Salt.
 */
final class VirtualData {
    private VirtualData() {
    }

    /** The first command of Salt's list that is installed, started early (it runs while other grains are read). */
    static List<String> firstCommand(Machine m) {
        for (String c : commands(m)) {
            String path = m.which(c);
            if (path != null) return List.of(path);
        }
        return null;
    }

    private static List<String> commands(Machine m) {
        List<String> cmds = new ArrayList<>(m.which("virt-what") != null ? List.of("virt-what")
                : List.of("systemd-detect-virt", "virt-what", "dmidecode"));
        if (m.exists("/proc/bus/pci")) cmds.add("lspci");
        return cmds;
    }

    /**
     * The {@code virtual} grain (and {@code virtual_subtype} when known).
     *
     * @param first the already started first command (from {@link #firstCommand}), or null
     */
    static Map<String, Object> virtual(Machine m, Future<Machine.Output> first, String cpuinfo,
                                       String productName) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("virtual", "physical");
        boolean usedFirst = false;
        for (String command : commands(m)) {
            String path = m.which(command);
            if (path == null) continue;
            Machine.Output ret;
            if (!usedFirst && first != null) {
                ret = Machine.join(first);
                usedFirst = true;
            } else {
                ret = m.run(List.of(path));
            }
            if (ret.code() != 0) continue; // failed, or systemd-detect-virt on bare metal ("none", exit 1)
            String output = ret.text();
            if (command.equals("systemd-detect-virt")) {
                if (List.of("qemu", "kvm", "oracle", "xen", "bochs", "chroot", "uml", "systemd-nspawn").contains(output)) {
                    g.put("virtual", output);
                    break;
                } else if (output.contains("vmware")) {
                    g.put("virtual", "VMware");
                    break;
                } else if (output.contains("microsoft")) {
                    g.put("virtual", "VirtualPC");
                    break;
                } else if (output.contains("lxc")) {
                    g.put("virtual", "container");
                    g.put("virtual_subtype", "LXC");
                    break;
                } else if (output.contains("amazon")) {
                    g.put("virtual", "Nitro");
                    g.put("virtual_subtype", "Amazon EC2");
                    break;
                }
            } else if (command.equals("virt-what")) {
                for (String line : output.split("\n")) {
                    if (List.of("kvm", "qemu", "uml", "xen").contains(line)) {
                        g.put("virtual", line);
                        break;
                    } else if (line.contains("lxc")) {
                        g.put("virtual", "container");
                        g.put("virtual_subtype", "LXC");
                        break;
                    } else if (line.contains("vmware")) {
                        g.put("virtual", "VMware");
                        break;
                    } else if (line.contains("parallels")) {
                        g.put("virtual", "Parallels");
                        break;
                    } else if (line.contains("hyperv")) {
                        g.put("virtual", "HyperV");
                        break;
                    } else if (line.equals("ibm_power-kvm")) {
                        g.put("virtual", "kvm");
                        break;
                    } else if (line.equals("ibm_power-lpar_shared")) {
                        g.put("virtual", "LPAR");
                        g.put("virtual_subtype", "shared");
                        break;
                    } else if (line.equals("ibm_power-lpar_dedicated")) {
                        g.put("virtual", "LPAR");
                        g.put("virtual_subtype", "dedicated");
                        break;
                    }
                }
                break;
            } else if (command.equals("dmidecode")) {
                dmidecode(output, g);
                break;
            } else if (command.equals("lspci")) {
                String model = output.toLowerCase(Locale.ROOT);
                if (model.contains("vmware")) g.put("virtual", "VMware");
                else if (model.contains("virtualbox")) g.put("virtual", "VirtualBox");
                else if (model.contains("qemu")) g.put("virtual", "kvm");
                else if (model.contains("virtio")) g.put("virtual", "kvm");
                break;
            }
        }
        linuxChecks(m, g, cpuinfo, productName);
        if (g.get("virtual_subtype") != null && "physical".equals(g.get("virtual"))) g.put("virtual", "virtual");
        ec2(m, g);
        return g;
    }

    private static void dmidecode(String output, Map<String, Object> g) {
        if (output.contains("Vendor: QEMU")) g.put("virtual", "kvm");
        if (output.contains("Manufacturer: QEMU")) g.put("virtual", "kvm");
        if (output.contains("Vendor: Bochs")) g.put("virtual", "kvm");
        if (output.contains("Manufacturer: Bochs")) g.put("virtual", "kvm");
        if (output.contains("BHYVE")) {
            g.put("virtual", "bhyve");
        } else if (output.contains("Manufacturer: oVirt")) {
            g.put("virtual", "kvm");
            g.put("virtual_subtype", "ovirt");
        } else if (output.contains("Product Name: RHEV Hypervisor")) {
            g.put("virtual", "kvm");
            g.put("virtual_subtype", "rhev");
        } else if (output.contains("VirtualBox")) {
            g.put("virtual", "VirtualBox");
        } else if (output.contains("VMware")) {
            g.put("virtual", "VMware");
        } else if (output.contains(": Microsoft") && output.contains("Virtual Machine")) {
            g.put("virtual", "VirtualPC");
        } else if (output.contains("Parallels Software")) {
            g.put("virtual", "Parallels");
        } else if (output.contains("Manufacturer: Google")) {
            g.put("virtual", "kvm");
        } else if (output.contains("Vendor: SeaBIOS")) {
            g.put("virtual", "kvm");
        }
    }

    private static final Pattern ENVID = Pattern.compile("^envID:\\s+(\\d+)$");

    private static void linuxChecks(Machine m, Map<String, Object> g, String cpuinfo, String productName) {
        if (m.isDir("/proc")) {
            long[] self = m.devIno("/");
            long[] init = m.devIno("/proc/1/root/.");
            if (self != null && init != null && !Arrays.equals(self, init)) g.put("virtual_subtype", "chroot");
        }
        if (m.isDir("/proc/vz")) {
            if (m.isFile("/proc/vz/version")) g.put("virtual", "openvzhn");
            else if (m.isFile("/proc/vz/veinfo")) g.put("virtual", "openvzve");
        }
        String status = m.read("/proc/self/status");
        if (status != null) {
            for (String line : OsData.lines(status)) {
                Matcher e = ENVID.matcher(line);
                if (e.matches()) g.put("virtual", Long.parseLong(e.group(1)) != 0 ? "openvzve" : "openvzhn");
            }
        }
        if (m.isDir("/proc/sys/xen") || m.isDir("/sys/bus/xen") || m.isDir("/proc/xen")) {
            if (m.isFile("/proc/xen/xsd_kva")) {
                g.put("virtual_subtype", "Xen Dom0");
            } else if ("HVM domU".equals(productName)) {
                g.put("virtual_subtype", "Xen HVM DomU");
            } else if (m.isFile("/proc/xen/capabilities") && m.read("/proc/xen/capabilities") != null) {
                g.put("virtual_subtype", m.read("/proc/xen/capabilities").contains("control_d") ? "Xen Dom0" : "Xen PV DomU");
            } else if (m.isDir("/sys/bus/xen") && m.isDir("/sys/bus/xen/drivers/xenconsole")) {
                g.put("virtual_subtype", "Xen PV DomU");
            }
            Object sub = g.get("virtual_subtype");
            if (sub != null && sub.toString().toLowerCase(Locale.ROOT).contains("dom")) g.put("virtual", "xen");
        }
        if (cpuinfo != null && cpuinfo.contains("QEMU Virtual CPU")) g.put("virtual", "kvm");
        String product = m.isFile("/sys/devices/virtual/dmi/id/product_name")
                ? m.read("/sys/devices/virtual/dmi/id/product_name") : null;
        if (product != null) {
            if (product.contains("VirtualBox")) {
                g.put("virtual", "VirtualBox");
            } else if (product.contains("RHEV Hypervisor")) {
                g.put("virtual", "kvm");
                g.put("virtual_subtype", "rhev");
            } else if (product.contains("oVirt Node")) {
                g.put("virtual", "kvm");
                g.put("virtual_subtype", "ovirt");
            } else if (product.contains("Google")) {
                g.put("virtual", "gce");
            } else if (product.contains("BHYVE")) {
                g.put("virtual", "bhyve");
            }
        }
        String cgroup = m.isFile("/proc/1/cgroup") ? m.read("/proc/1/cgroup") : null;
        if (cgroup != null) {
            if (cgroup.contains(":/lxc/")) {
                g.put("virtual", "container");
                g.put("virtual_subtype", "LXC");
            } else if (cgroup.contains(":/kubepods/")) {
                g.put("virtual_subtype", "kubernetes");
            } else if (cgroup.contains(":/libpod_parent/")) {
                g.put("virtual_subtype", "libpod");
            } else if (cgroup.contains(":/system.slice/docker") || cgroup.contains(":/docker/")
                    || cgroup.contains(":/docker-ce/")) {
                g.put("virtual", "container");
                g.put("virtual_subtype", "Docker");
            }
        }
        if (!"LXC".equals(g.get("virtual_subtype")) && m.isFile("/proc/1/environ")) {
            String environ = m.read("/proc/1/environ");
            if (environ != null && environ.contains("container=lxc")) {
                g.put("virtual", "container");
                g.put("virtual_subtype", "LXC");
            }
        }
    }

    private static final Pattern EC2_PRODUCT = Pattern.compile(".*Product Name: ([^\\r\\n]*).*", Pattern.DOTALL);
    private static final Pattern AMAZON_VERSION = Pattern.compile(".*Version: [^\\r\\n]+\\.amazon.*", Pattern.DOTALL);

    private static void ec2(Machine m, Map<String, Object> g) {
        if (!List.of("qemu", "kvm", "xen", "amazon").contains(g.get("virtual"))) return;
        String dmidecode = m.which("dmidecode");
        if (dmidecode == null) return;
        String output = m.run(List.of(dmidecode, "-t", "system")).stdout();
        if (output.contains("Manufacturer: Amazon EC2")) {
            if (!"xen".equals(g.get("virtual"))) g.put("virtual", "Nitro");
            g.put("virtual_subtype", "Amazon EC2");
            Matcher p = EC2_PRODUCT.matcher(output);
            if (p.matches()) g.put("virtual_subtype", "Amazon EC2 (" + p.group(1) + ")");
        } else if (AMAZON_VERSION.matcher(output).matches()) {
            g.put("virtual_subtype", "Amazon EC2");
        }
    }

    private static final String[] XEN_FEATURES = {"writable_page_tables", "writable_descriptor_tables",
            "auto_translated_physmap", "supervisor_mode_kernel", "pae_pgdir_above_4gb", "mmu_pt_update_preserve_ad",
            null, "gnttab_map_avail_bits", "hvm_callback_vector", "hvm_safe_pvclock", "hvm_pirqs", "dom0",
            "grant_map_identity", "memory_op_vnode_supported", "ARM_SMCCC_supported"};

    /** Salt's _virtual_hv: the Xen hypervisor's version and features from sysfs (only when virtual is xen). */
    static Map<String, Object> hypervisor(Machine m, Object virtual) {
        Map<String, Object> g = new LinkedHashMap<>();
        if (virtual == null || !virtual.toString().contains("xen")) return g;
        String major = m.read("/sys/hypervisor/version/major");
        String minor = m.read("/sys/hypervisor/version/minor");
        String extra = m.read("/sys/hypervisor/version/extra");
        if (major != null && minor != null && extra != null) {
            g.put("virtual_hv_version", major.strip() + "." + minor.strip() + extra.strip());
            g.put("virtual_hv_version_info", List.of(major.strip(), minor.strip(), extra.strip()));
        }
        String features = m.read("/sys/hypervisor/properties/features");
        if (features != null) {
            try {
                long bits = Long.parseLong(features.strip(), 16);
                List<String> enabled = new ArrayList<>();
                for (int bit = 0; bit < XEN_FEATURES.length; bit++) {
                    if (XEN_FEATURES[bit] != null && (bits & (1L << bit)) != 0) enabled.add(XEN_FEATURES[bit]);
                }
                g.put("virtual_hv_features", features.strip());
                g.put("virtual_hv_features_list", enabled);
            } catch (NumberFormatException e) {
                // Salt would raise here; no feature grains
            }
        }
        return g;
    }
}
