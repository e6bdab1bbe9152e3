package org.mcxkms.mcx.keys;

import java.nio.file.Path;
import java.util.Objects;
import org.mcxkms.kms.client.InitResult;
import org.mcxkms.kms.client.KmsClient;
import org.mcxkms.kms.client.ProvisionResult;
import org.mcxkms.kms.client.TokenSource;
import org.mcxkms.kms.client.error.KmsClientException;
import org.mcxkms.kms.client.profile.KeyProfile;
import org.mcxkms.kms.client.profile.ProfileKey;
import org.mcxkms.kms.client.profile.ProfileSettings;

/**
 * One MC identity (a UE's MC Service ID, the GMS URI or the MCX server's MDSI) with its key
 * management client profile: provisioned from the home KMS over HTTPS with the IdM token of the
 * identity, refreshed on demand, and read as a MIKEY key ring (TS 33.180 5.3.1). The UE, the GMS
 * and the MCX server all obtain their key material this way; a GMS or MCX server is simply an
 * identity the KMS registered as a server entity.
 */
public final class McxIdentity implements AutoCloseable {
  private final KeyProfile profile;
  private final KmsClient client;
  private final String uri;
  private volatile ProfileKeyRing ring;

  private McxIdentity(KeyProfile profile, KmsClient client, String uri) {
    this.profile = profile;
    this.client = client;
    this.uri = uri;
  }

  /**
   * Creates the profile in {@code dir} (sealed with {@code key}), pins the KMS certificate on first
   * contact and fetches the identity's key material for the current and next key period.
   */
  public static McxIdentity provision(Path dir, ProfileKey key, ProfileSettings settings, TokenSource tokens)
      throws KmsClientException {
    KeyProfile profile = KeyProfile.exists(dir) ? KeyProfile.open(dir, key) : KeyProfile.create(dir, key, settings);
    try {
      KmsClient client = KmsClient.builder(profile).tokenSource(Objects.requireNonNull(tokens, "tokens")).build();
      McxIdentity id = new McxIdentity(profile, client, settings.userUri());
      id.client.init();
      id.client.provision();
      id.ring = ProfileKeyRing.of(profile, id.uri);
      return id;
    } catch (KmsClientException | RuntimeException e) {
      profile.close();
      throw e;
    }
  }

  /** The MC identity, verbatim as in its UIDs. */
  public String uri() {
    return uri;
  }

  /** Fetches key material again (the current and next key period); nothing is stored on failure. */
  public ProvisionResult refresh() throws KmsClientException {
    return client.provision();
  }

  /** Checks the KMS certificate again (rotation, revocation). */
  public InitResult recheckCertificate() throws KmsClientException {
    InitResult r = client.init();
    ring = ProfileKeyRing.of(profile, uri);
    return r;
  }

  public KmsClient client() {
    return client;
  }

  public KeyProfile profile() {
    return profile;
  }

  /**
   * The key ring over the profile (key sets fetched later are seen too). The same instance is
   * returned until the certificate is checked again, so that the KMS parameters decoded from it,
   * and the SAKKE tables built for its Z on first use, are reused.
   */
  public ProfileKeyRing keyRing() {
    return ring;
  }

  @Override
  public void close() {
    profile.close();
  }

  @Override
  public String toString() {
    return "McxIdentity[" + uri + "]";
  }
}
