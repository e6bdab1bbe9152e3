package org.mcxkms.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing of wolfSSL's benchmark output (lines as printed by wolfSSL 5.9.2's benchmark). */
class WolfsslPeerTest {
  private static final List<String> OUTPUT =
      List.of(
          "wolfCrypt Benchmark (block bytes 1048576, min 1.0 sec each)",
          "ECCSI    256  key gen     28746 ops took 1.000 sec, avg 0.035 ms, 28745.788 ops/sec, 2095999332 cycles    72914.5 Cycles/op",
          "ECCSI    256 pair gen     36379 ops took 1.000 sec, avg 0.027 ms, 36378.471 ops/sec, 2096038392 cycles    57616.7 Cycles/op",
          "ECCSI    256    valid     15782 ops took 1.000 sec, avg 0.063 ms, 15781.883 ops/sec",
          "SAKKE   1024  rsk gen       634 ops took 1.002 sec, avg 1.580 ms,   632.923 ops/sec",
          "SAKKE   1024    valid        99 ops took 1.004 sec, avg 10.139 ms,    98.627 ops/sec",
          "SAKKE   1024    encap-2     529 ops took 1.001 sec, avg 1.892 ms,   528.453 ops/sec",
          "SAKKE   1024   derive-3     145 ops took 1.001 sec, avg 6.905 ms,   144.831 ops/sec",
          "Benchmark complete");

  @Test
  void parsesEveryEccsiAndSakkeRowWithItsAverage() {
    Map<String, Double> rows = WolfsslPeer.parse(OUTPUT);
    assertThat(rows).containsOnlyKeys(
        "ECCSI 256 key gen", "ECCSI 256 pair gen", "ECCSI 256 valid", "SAKKE 1024 rsk gen",
        "SAKKE 1024 valid", "SAKKE 1024 encap-2", "SAKKE 1024 derive-3");
    assertThat(rows.get("SAKKE 1024 derive-3")).isEqualTo(6.905);
    assertThat(rows.get("ECCSI 256 pair gen")).isEqualTo(0.027);
  }

  @Test
  void everyPairingNamesARowWolfsslPrints() {
    // the labels of the rows our table compares with must be labels the parser produces
    Map<String, Double> rows = WolfsslPeer.parse(OUTPUT);
    assertThat(WolfsslPeer.PAIRINGS).extracting(WolfsslPeer.Pairing::variant)
        .filteredOn(rows::containsKey).isNotEmpty();
    assertThat(WolfsslPeer.PAIRINGS).extracting(WolfsslPeer.Pairing::variant)
        .allMatch(v -> v.matches("(ECCSI 256|SAKKE 1024) [a-z]+( [a-z]+)?(-[1-4])?"));
  }

  @Test
  void bestKeepsTheFasterOfTwoRuns() {
    Map<String, Double> best = WolfsslPeer.best(Map.of("a", 2.0, "b", 1.0), Map.of("a", 1.5, "b", 3.0, "c", 4.0));
    assertThat(best).containsEntry("a", 1.5).containsEntry("b", 1.0).containsEntry("c", 4.0);
  }
}
