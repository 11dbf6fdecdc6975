package dev.jsalt.master.it;

import dev.jsalt.master.MasterDaemon;
import dev.jsalt.master.config.MasterConfig;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;

/** A master whose API is bound off loopback, so it runs TLS with its self-signed certificate; and a client trusting it. */
final class TlsMaster {
    private TlsMaster() {
    }

    /** Starts a master in {@code d} with its API on 0.0.0.0:{@code apiPort}; {@code apiLines} go under {@code api:}. */
    static MasterDaemon start(Path d, int apiPort, String... apiLines) throws Exception {
        Files.createDirectories(d);
        List<String> yaml = new ArrayList<>(List.of("root_dir: root", "bind: 127.0.0.1", "port: " + Fleet.freePort(),
                "key_port: " + Fleet.freePort(), "api:", "  bind: 0.0.0.0", "  port: " + apiPort));
        for (String l : apiLines) yaml.add("  " + l);
        Files.writeString(d.resolve("master.yaml"), String.join("\n", yaml) + "\n");
        return new MasterDaemon(MasterConfig.load(d));
    }

    /** Trusts exactly the master's self-signed certificate (what a Prometheus tls_config.ca_file or the CLI's pin does). */
    static SSLContext trusting(Path masterDir) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(masterDir.resolve("root/pki/api.crt"))) {
            trust.setCertificateEntry("jsalt-api", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return tls;
    }
}
