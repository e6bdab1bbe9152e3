package org.mcxkms.kms.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mcxkms.kms.server.error.KmsErrorCode;
import org.mcxkms.kms.server.error.KmsException;

class RouteTest {
  static final String P = Route.PREFIX;

  @Test
  void resources() throws Exception {
    assertThat(Route.parse(P + "init")).isEqualTo(new Route(Route.Kind.INIT, null, null, null));
    assertThat(Route.parse(P + "keyprov")).isEqualTo(new Route(Route.Kind.KEYPROV, null, null, null));
    assertThat(Route.parse(P + "keyprov/")).isEqualTo(new Route(Route.Kind.KEYPROV, null, null, null));
    assertThat(Route.parse(P + "certcache")).isEqualTo(new Route(Route.Kind.CERTCACHE, null, null, null));
    assertThat(Route.parse(P + "certcache/17").cacheNum()).isEqualTo(17L);
    assertThat(Route.parse(P + "discovery/sip%3Abob%40b.example"))
        .isEqualTo(new Route(Route.Kind.DISCOVERY, "sip:bob@b.example", null, null));
  }

  @Test
  void userUriPercentEncodedOrRawGivesTheSameUri() throws Exception {
    // 33.179 D.2 example and the Streamwide raw form.
    assertThat(Route.parse(P + "keyprov/sip%3Auser%40example.org").userUri()).isEqualTo("sip:user@example.org");
    assertThat(Route.parse(P + "keyprov/sip:user@example.org").userUri()).isEqualTo("sip:user@example.org");
    assertThat(Route.parse(P + "keyprov/tel:+4930123;phone-context=example.org").userUri())
        .isEqualTo("tel:+4930123;phone-context=example.org");
    assertThat(Route.parse(P + "keyprov/sip%3Aa%2Fb%40x").userUri()).isEqualTo("sip:a/b@x");
    assertThat(Route.parse(P + "keyprov/sip:a/b@x").userUri()).isEqualTo("sip:a/b@x");
    assertThat(Route.parse(P + "keyprov/sip%3A%C3%A6%40x").userUri()).isEqualTo("sip:\u00e6@x");
    assertThat(Route.parse(P + "keyprov/a+b").userUri()).isEqualTo("a+b"); // '+' is not a space in a path
  }

  @Test
  void timeSegmentIn16HexDigitsOfEitherCase() throws Exception {
    // 33.179 D.2 example: D6B4323200000000 = 2014-02-23 08:39:14 UTC.
    Route r = Route.parse(P + "keyprov/sip%3Auser%40example.org/D6B4323200000000");
    assertThat(r.userUri()).isEqualTo("sip:user@example.org");
    assertThat(r.ntp64()).isEqualTo(0xD6B4323200000000L);
    assertThat(Route.parse(P + "keyprov/sip:user@example.org/d6b4323200000000").ntp64()).isEqualTo(0xD6B4323200000000L);
    // Not 16 hex digits: part of the URI.
    assertThat(Route.parse(P + "keyprov/sip:u@x/D6B43232").userUri()).isEqualTo("sip:u@x/D6B43232");
    // A URI alone that looks like hex stays a URI.
    assertThat(Route.parse(P + "keyprov/D6B4323200000000").userUri()).isEqualTo("D6B4323200000000");
  }

  @Test
  void malformedAndUnknownPaths() {
    assertCode(P + "nothing", KmsErrorCode.NOT_FOUND);
    assertCode("/other", KmsErrorCode.NOT_FOUND);
    assertCode(P + "init/extra", KmsErrorCode.NOT_FOUND);
    assertCode(P + "certcache/1/2", KmsErrorCode.NOT_FOUND);
    assertCode(P + "certcache/-1", KmsErrorCode.MALFORMED_URL);
    assertCode(P + "certcache/x", KmsErrorCode.MALFORMED_URL);
    assertCode(P + "keyprov/sip%3", KmsErrorCode.MALFORMED_URL);
    assertCode(P + "keyprov/sip%zz", KmsErrorCode.MALFORMED_URL);
    assertCode(P + "keyprov/sip%C3%28", KmsErrorCode.MALFORMED_URL);
    assertCode(P + "keyprov/sip%0Aalice", KmsErrorCode.MALFORMED_URL);
    assertCode(P + "discovery", KmsErrorCode.MALFORMED_URL);
    assertCode(P + "discovery/", KmsErrorCode.MALFORMED_URL);
    assertCode(P + "discovery/sip%0Abob", KmsErrorCode.MALFORMED_URL);
    assertCode(P + "discovery/a/b", KmsErrorCode.NOT_FOUND);
  }

  private static void assertCode(String path, KmsErrorCode code) {
    assertThatThrownBy(() -> Route.parse(path)).as(path).isInstanceOf(KmsException.class)
        .extracting(e -> ((KmsException) e).code()).isEqualTo(code);
  }

  @Test
  void normalisedPathsCompareEncodedAndRawForms() throws Exception {
    assertThat(Route.normalisedPath(P + "keyprov/sip%3Aa%40x/d6b4323200000000"))
        .isEqualTo(Route.normalisedPath(P + "keyprov/sip:a@x/D6B4323200000000"));
    assertThat(Route.normalisedPath(P + "init/")).isEqualTo(Route.normalisedPath(P + "init"));
    assertThat(Route.normalisedPath(P + "init")).isNotEqualTo(Route.normalisedPath(P + "keyprov"));
  }

  @Test
  void certNamesOneKmsUri() throws Exception {
    assertThat(Route.parse(P + "cert/kms.b.example")).isEqualTo(new Route(Route.Kind.CERT, null, null, null, "kms.b.example"));
    assertThat(Route.parse(P + "cert/https%3A%2F%2Fkms.b.example")).isEqualTo(
        new Route(Route.Kind.CERT, null, null, null, "https://kms.b.example"));
    assertThatThrownBy(() -> Route.parse(P + "cert"))
        .isInstanceOf(KmsException.class);
    assertThatThrownBy(() -> Route.parse(P + "cert/a/b"))
        .isInstanceOf(KmsException.class);
  }

  @Test
  void redirectTakesNoPathSegments() throws Exception {
    assertThat(Route.parse(P + "redirect")).isEqualTo(new Route(Route.Kind.REDIRECT, null, null, null));
    assertThat(Route.parse(P + "redirect/")).isEqualTo(new Route(Route.Kind.REDIRECT, null, null, null));
    assertThatThrownBy(() -> Route.parse(P + "redirect/x")).isInstanceOf(KmsException.class);
  }
}
