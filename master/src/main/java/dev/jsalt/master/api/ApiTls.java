package dev.jsalt.master.api;

import dev.jsalt.common.crypto.Fingerprint;
import dev.jsalt.common.crypto.SecureFiles;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The API's TLS identity when it listens off loopback: the operator's certificate and key (PEM) when master.yaml names
 * them, else a self-signed one made on first start under {@code pki/} and kept. Clients pin it by fingerprint
 * ({@code pki/api.fingerprint}), so no certificate authority is needed.
 */
public final class ApiTls {
    /** What the server presents. */
    public record Identity(PrivateKey key, X509Certificate certificate, String fingerprint) {
    }

    private ApiTls() {
    }

    /** The operator's PEM files, or this master's own self-signed pair (created once). */
    public static Identity identity(Path pki, Path certFile, Path keyFile, String bind) throws IOException {
        Identity id;
        if (certFile != null) {
            id = load(certFile, keyFile);
        } else {
            Path crt = pki.resolve("api.crt");
            Path key = pki.resolve("api.key");
            if (!Files.exists(crt) || !Files.exists(key)) create(crt, key, bind);
            id = load(crt, key);
        }
        Files.writeString(pki.resolve("api.fingerprint"), id.fingerprint() + "\n", StandardCharsets.US_ASCII);
        return id;
    }

    public static SslContext serverContext(Identity id) throws IOException {
        try {
            return SslContextBuilder.forServer(id.key(), id.certificate()).sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2").build();
        } catch (javax.net.ssl.SSLException e) {
            throw new IOException("cannot set up TLS for the API: " + e.getMessage(), e);
        }
    }

    static Identity load(Path certFile, Path keyFile) throws IOException {
        X509Certificate cert;
        try {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(certFile)));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IOException(certFile + ": not a PEM X.509 certificate (" + e.getMessage() + ")");
        }
        byte[] pkcs8 = pemBody(keyFile, "PRIVATE KEY");
        PrivateKey key = null;
        for (String alg : List.of("EC", "RSA", "Ed25519")) {
            try {
                key = KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
                break;
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        if (key == null) throw new IOException(keyFile + ": not an EC, RSA or Ed25519 private key in PKCS#8 PEM (BEGIN PRIVATE KEY)");
        try {
            return new Identity(key, cert, Fingerprint.ofCertificate(cert.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IOException(certFile + ": " + e.getMessage(), e);
        }
    }

    /** A P-256 key and a ten-year self-signed certificate naming this host, written as PEM (the key 0600). */
    static void create(Path crt, Path key, String bind) throws IOException {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair kp = g.generateKeyPair();
            String host = hostName();
            X500Name name = new X500Name("CN=" + host.replaceAll("[,=+<>#;\"\\\\]", "_") + ",O=jsalt master API");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, new BigInteger(128, new SecureRandom()),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(3650))), name, kp.getPublic());
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(altNames(host, bind).toArray(new GeneralName[0])));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
            SecureFiles.writePrivate(key, pem("PRIVATE KEY", kp.getPrivate().getEncoded()).getBytes(StandardCharsets.US_ASCII));
            Files.writeString(crt, pem("CERTIFICATE", cert.getEncoded()), StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot create the API's TLS certificate: " + e.getMessage(), e);
        }
    }

    /** Names a client may use to reach the API, for tools that check host names (curl --cacert api.crt). */
    private static List<GeneralName> altNames(String host, String bind) {
        Set<String> dns = new LinkedHashSet<>(List.of(host, "localhost"));
        Set<String> ips = new LinkedHashSet<>(List.of("127.0.0.1", "::1"));
        if (bind != null && !bind.equals("0.0.0.0") && !bind.equals("::")) {
            if (bind.matches("[0-9.]+") || bind.contains(":")) ips.add(bind); else dns.add(bind);
        }
        List<GeneralName> out = new ArrayList<>();
        for (String d : dns) out.add(new GeneralName(GeneralName.dNSName, d));
        for (String ip : ips) out.add(new GeneralName(GeneralName.iPAddress, ip));
        return out;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] pemBody(Path file, String type) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + type + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf("-----END " + type + "-----");
        if (from < 0 || to < from) {
            throw new IOException(file + ": no '" + begin + "' block (convert with: openssl pkcs8 -topk8 -nocrypt -in KEY)");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": broken PEM (" + e.getMessage() + ")");
        }
    }
}
