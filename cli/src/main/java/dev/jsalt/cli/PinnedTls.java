package dev.jsalt.cli;

import dev.jsalt.common.crypto.Fingerprint;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * TLS to the master's API trusting exactly one certificate, named by its SHA-256 fingerprint (pki/api.fingerprint on
 * the master): no certificate authority, and no host-name check, since the pinned certificate is the identity.
 */
final class PinnedTls {
    private final String fingerprint;
    private final SSLSocketFactory factory;

    PinnedTls(String fingerprint) {
        this.fingerprint = fingerprint;
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[]{new Pin()}, null);
            factory = ctx.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JVM: " + e.getMessage(), e);
        }
    }

    SSLSocketFactory socketFactory() { return factory; }

    HostnameVerifier hostnames() { return (host, session) -> true; }

    private final class Pin implements X509TrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0) throw new CertificateException("the master presented no certificate");
            String got = Fingerprint.ofCertificate(chain[0].getEncoded());
            if (!Fingerprint.same(got, fingerprint)) {
                throw new CertificateException("the API certificate's fingerprint is " + got + ", not the pinned " + fingerprint
                        + " (if the master's certificate was replaced on purpose, update the pinned fingerprint)");
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not used");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}
