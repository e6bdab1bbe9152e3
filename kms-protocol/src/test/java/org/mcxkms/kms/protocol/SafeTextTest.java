package org.mcxkms.kms.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeTextTest {
  @Test
  void controlCharactersAreReplacedAndLongTextIsCut() {
    assertThat(SafeText.clip(null, 10)).isEmpty();
    assertThat(SafeText.clip("abc", 3)).isEqualTo("abc");
    assertThat(SafeText.clip("abcd", 3)).isEqualTo("abc...");
    assertThat(SafeText.clip("a\nb\rc\u0000d\u007fe\u0085f", 40)).isEqualTo("a?b?c?d?e?f");
    assertThat(SafeText.clip("line\nforged log line", 6)).isEqualTo("line?f...");
    assertThat(SafeText.clip("ünïcødé 日本", 40)).isEqualTo("ünïcødé 日本");
  }
}
