package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.admin.TlsTrust;
import dev.keyslot.operator.testing.TestCertificates;
import org.junit.jupiter.api.Test;

import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CaRotationTest {
    private static final List<String> NAMES = List.of("*.rc-nodes.ns.svc");
    private final TestCertificates oldCa = TestCertificates.newAuthority("old CA");
    private final TestCertificates newCa = TestCertificates.newAuthority("new CA");

    private static TlsSecret secret(TestCertificates.Issued issued) {
        return TlsSecret.of(issued.secret("rc-tls", "ns")).orElseThrow();
    }

    @Test
    void aCertificateOfTheSameCaIsServedOnceEveryNodeRunsTheCurrentFiles() {
        ServedTls served = ServedTls.of(secret(oldCa.issue("rc", NAMES)));
        TlsSecret renewed = secret(oldCa.issue("rc", NAMES));

        assertThat(CaRotation.next(renewed, served, false)).isEqualTo(new CaRotation.Next(served, null));
        assertThat(CaRotation.next(renewed, served, true)).isEqualTo(new CaRotation.Next(ServedTls.of(renewed), null));
        assertThat(CaRotation.next(renewed, ServedTls.of(renewed), true)).isEqualTo(new CaRotation.Next(ServedTls.of(renewed), null));
    }

    @Test
    void aNewCaIsTrustedThenServedThenTheOldOneDroppedEachStepOnceEveryNodeRunsTheOneBefore() throws GeneralSecurityException {
        TestCertificates.Issued before = oldCa.issue("rc", NAMES);
        ServedTls served = ServedTls.of(secret(before));
        TlsSecret source = secret(newCa.issue("rc", NAMES));

        CaRotation.Next trust = CaRotation.next(source, served, false);
        assertThat(trust.step()).isEqualTo(CaRotation.TRUST_NEW_CA);
        assertThat(trust.served().certificate()).as("still the old certificate").isEqualTo(before.certificate());
        List<Certificate> both = new ArrayList<>(TlsTrust.certificates(oldCa.caPem()));
        both.addAll(TlsTrust.certificates(newCa.caPem()));
        assertThat(new ArrayList<Certificate>(TlsTrust.certificates(trust.served().ca()))).isEqualTo(both);
        assertThat(CaRotation.next(source, trust.served(), false)).isEqualTo(trust);

        CaRotation.Next serve = CaRotation.next(source, trust.served(), true);
        assertThat(serve.step()).isEqualTo(CaRotation.SERVE_NEW_CERTIFICATE);
        assertThat(serve.served()).isEqualTo(new ServedTls(source.certificate(), source.key(), trust.served().ca(),
                before.certificate(), before.key()));
        assertThat(CaRotation.next(source, serve.served(), false)).isEqualTo(serve);

        CaRotation.Next drop = CaRotation.next(source, serve.served(), true);
        assertThat(drop.step()).isEqualTo(CaRotation.DROP_OLD_CA);
        assertThat(drop.served()).isEqualTo(new ServedTls(source.certificate(), source.key(), source.ca(),
                before.certificate(), before.key()));
        assertThat(CaRotation.next(source, drop.served(), false)).isEqualTo(drop);

        assertThat(CaRotation.next(source, drop.served(), true)).as("the previous certificate is dropped too")
                .isEqualTo(new CaRotation.Next(ServedTls.of(source), null));
    }

    @Test
    void aCaAddedToTheBundleIsTrustedWithoutWaitingForTheNodes() {
        TestCertificates.Issued before = oldCa.issue("rc", NAMES);
        ServedTls served = ServedTls.of(secret(before));
        TlsSecret bundled = secret(new TestCertificates.Issued(before.certificate(), before.key(), oldCa.caPem() + newCa.caPem()));

        CaRotation.Next next = CaRotation.next(bundled, served, false);
        assertThat(next.step()).isEqualTo(CaRotation.TRUST_NEW_CA);
        assertThat(CaRotation.next(bundled, next.served(), true)).as("the Secret's own files, once every node trusts both")
                .isEqualTo(new CaRotation.Next(ServedTls.of(bundled), null));
    }
}
