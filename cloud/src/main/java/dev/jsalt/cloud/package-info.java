/**
 * Provider clients the master uses to change the world outside the fleet — cloud machines and DNS records — and the
 * local stand-ins that tests and the demo run them against. Depends on {@code common} only and on no role; the
 * minion's {@code dns} state module uses the DNS clients ({@code dev.jsalt.cloud.dns}), so a change runs on the
 * minion a state targets, as Salt's ddns state does (docs/architecture.md).
 */
package dev.jsalt.cloud;
