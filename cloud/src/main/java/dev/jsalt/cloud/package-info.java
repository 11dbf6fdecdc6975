/**
 * Provider clients the master uses to change the world outside the fleet — cloud machines and DNS records — and the
 * local stand-ins that tests and the demo run them against. Depends on {@code common} only; the master and the CLI
 * use it, the minion does not.
 */
package dev.jsalt.cloud;
