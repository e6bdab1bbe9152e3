package org.mcxkms.mcx.gms;

import java.time.Duration;
import java.util.List;

/**
 * What one keying operation did: which GMK (and MKFC) it distributed or revoked, to whom, and
 * how long building and delivering the messages took.
 */
public record KeyingReport(String groupId, Kind kind, int gmkId, int mkfcId, List<String> recipients, int messages,
    Duration elapsed) {
  public enum Kind { CREATED, MEMBER_ADDED, REKEY_ON_LEAVE, REKEY_SCHEDULED, REKEY, CONTEXT_CHANGED, REVOKED }

  public KeyingReport {
    recipients = List.copyOf(recipients);
  }
}
