package dev.jsalt.e2e.lab;

/**
 * What a TCP connect attempt found (the {@code bash /dev/tcp} probe under {@code timeout}, see {@link LabHost#probeTcp}).
 * OPEN: something accepted. REFUSED: the packet got through but nothing listens. TIMEOUT: dropped (a firewall) or unroutable.
 */
public enum TcpProbe {
    OPEN, REFUSED, TIMEOUT
}
