package org.mcxkms.mcx.demo;

import java.time.Duration;
import java.util.List;

/** A demonstration step: its number and title, what it checked, and how long it took. */
public record StepResult(int number, String title, List<Check> checks, Duration elapsed) {
  public StepResult {
    checks = List.copyOf(checks);
  }

  public boolean passed() {
    return !checks.isEmpty() && checks.stream().allMatch(Check::passed);
  }
}
