package org.mcxkms.kms.server.core;

import org.mcxkms.crypto.uid.KeyPeriodPolicy;

/**
 * The key periods this KMS serves around "now": {@code past} periods back (so late MIKEY messages
 * can still be processed) and {@code future} periods ahead (so clients can prefetch the next
 * period before a boundary). A plain keyprov returns the current period and the future ones.
 */
public record PeriodWindow(int past, int future) {
  public long first(KeyPeriodPolicy policy, long nowNtpSeconds) {
    return policy.periodNumber(nowNtpSeconds) - past;
  }

  public long last(KeyPeriodPolicy policy, long nowNtpSeconds) {
    return policy.periodNumber(nowNtpSeconds) + future;
  }

  public boolean contains(KeyPeriodPolicy policy, long nowNtpSeconds, long period) {
    return period >= first(policy, nowNtpSeconds) && period <= last(policy, nowNtpSeconds);
  }
}
