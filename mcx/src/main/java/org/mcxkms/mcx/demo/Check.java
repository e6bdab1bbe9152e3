package org.mcxkms.mcx.demo;

/** One thing a demonstration step checked, and the result. */
public record Check(String what, boolean passed, String detail) {
  public static Check of(String what, boolean passed, String detail) {
    return new Check(what, passed, detail);
  }
}
