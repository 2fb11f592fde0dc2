package org.remotestore.sftp;

import java.net.SocketAddress;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.remotestore.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the server's host key by the configured {@link SftpSettings.HostKeyPolicy}: keys given in
 * {@code host-keys} (public-key lines or {@code SHA256:} fingerprints) are trusted under every
 * policy; otherwise {@code strict} needs a matching known_hosts entry, {@code trust-on-first-use}
 * appends an unknown host's key to the known_hosts file (and refuses a changed one), and {@code
 * accept-any} trusts every key. A refusal is recorded on the session, so that the connection error
 * can say why.
 */
final class SftpHostKeys implements ServerKeyVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(SftpHostKeys.class);

  /** Set on a session whose host key was refused: the key's fingerprint. */
  static final AttributeKey<String> REFUSED = new AttributeKey<>();

  private final SftpSettings settings;
  private final List<PublicKey> trustedKeys = new ArrayList<>();
  private final List<String> trustedFingerprints = new ArrayList<>();
  private final ServerKeyVerifier knownHosts;

  SftpHostKeys(SftpSettings settings) {
    this.settings = settings;
    for (String entry : settings.hostKeys()) {
      if (entry.regionMatches(true, 0, "SHA256:", 0, 7)
          || entry.regionMatches(true, 0, "MD5:", 0, 4)) {
        trustedFingerprints.add(entry);
      } else {
        trustedKeys.add(parse(entry));
      }
    }
    this.knownHosts =
        switch (settings.hostKeyPolicy()) {
          case ACCEPT_ANY -> null;
          case STRICT ->
              settings.knownHosts() == null
                  ? null
                  : new KnownHostsServerKeyVerifier((s, a, k) -> false, settings.knownHosts());
          case TRUST_ON_FIRST_USE ->
              new KnownHostsServerKeyVerifier(
                  (s, a, k) -> {
                    LOG.info(
                        "sftp backend '{}': first connection to {}:{}, trusting host key {} and"
                            + " adding it to {}",
                        settings.name(),
                        settings.host(),
                        settings.port(),
                        KeyUtils.getFingerPrint(k),
                        settings.knownHosts());
                    return true;
                  },
                  settings.knownHosts());
        };
  }

  private PublicKey parse(String line) {
    try {
      PublicKeyEntry entry = PublicKeyEntry.parsePublicKeyEntry(line);
      return entry.resolvePublicKey(null, null, PublicKeyEntryResolver.FAILING);
    } catch (Exception e) {
      String key = "rs.backends." + settings.name() + "." + SftpBackendFactory.HOST_KEYS;
      throw new ConfigException(
          key,
          "Malformed host key in "
              + key
              + ": expected a public-key line such as 'ssh-ed25519 AAAA...' or a SHA256: fingerprint",
          e);
    }
  }

  @Override
  public boolean verifyServerKey(ClientSession session, SocketAddress remote, PublicKey key) {
    String fingerprint = KeyUtils.getFingerPrint(key);
    for (PublicKey trusted : trustedKeys) {
      if (KeyUtils.compareKeys(trusted, key)) {
        return true;
      }
    }
    for (String trusted : trustedFingerprints) {
      if (KeyUtils.checkFingerPrint(trusted, key).getKey()) {
        return true;
      }
    }
    if (settings.hostKeyPolicy() == SftpSettings.HostKeyPolicy.ACCEPT_ANY) {
      LOG.warn(
          "sftp backend '{}' accepts any host key (host-key-policy accept-any, unsafe): {}",
          settings.name(),
          fingerprint);
      return true;
    }
    boolean ok = knownHosts != null && knownHosts.verifyServerKey(session, remote, key);
    if (!ok) {
      session.setAttribute(REFUSED, fingerprint);
    }
    return ok;
  }
}
