package org.mcxkms.kms.server.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One audit entry: every issuance, denial and admin action. Never holds key material or tokens.
 *
 * <p>Text fields are made safe on construction, so what is stored, logged, exported and chained is
 * the same: control characters (CR, LF, NUL...) and unpaired surrogates become U+FFFD (a forged
 * log line cannot be smuggled in through a claim or a path) and each field is cut to its column
 * size ({@link #MAX_TEXT} for free text).
 *
 * @param caller the authenticated caller (MC identity, or {@code admin}); null when unauthenticated
 * @param action e.g. {@code keyprov}, {@code init}, {@code admin.identity.add}
 * @param identity the identity acted upon, if any
 * @param period the key period, if any
 * @param outcome {@code ok} or the error code name
 */
public record AuditRecord(
    Instant at,
    String requestId,
    String node,
    String caller,
    String action,
    String identity,
    Long period,
    String outcome,
    String detail) {
  /** Longest caller, identity and detail kept. */
  public static final int MAX_TEXT = 1024;
  /** Longest request id, action and outcome kept. */
  public static final int MAX_NAME = 64;
  /** Longest node name kept. */
  public static final int MAX_NODE = 128;

  public AuditRecord {
    at = Times.micros(Objects.requireNonNull(at, "at"));
    requestId = clean(Objects.requireNonNull(requestId, "requestId"), MAX_NAME);
    node = clean(node, MAX_NODE);
    caller = clean(caller, MAX_TEXT);
    action = clean(Objects.requireNonNull(action, "action"), MAX_NAME);
    identity = clean(identity, MAX_TEXT);
    outcome = clean(Objects.requireNonNull(outcome, "outcome"), MAX_NAME);
    detail = clean(detail, MAX_TEXT);
  }

  /** {@code s} without control characters or unpaired surrogates, at most {@code max} characters. */
  public static String clean(String s, int max) {
    if (s == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder(Math.min(s.length(), max));
    for (int i = 0; i < s.length() && sb.length() < max; i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        if (sb.length() + 2 > max) {
          break;
        }
        sb.append(c).append(s.charAt(++i));
      } else if (Character.isISOControl(c) || Character.isSurrogate(c)) {
        sb.append('\uFFFD');
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
