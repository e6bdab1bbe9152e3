package org.mcxkms.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcxkms.kms.server.config.ConfigKey;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * deploy/compose.yaml cannot be run here (no container engine), so what can rot in it is checked:
 * it is valid YAML of the expected shape, its MCX_KMS_* variables and the keys of the example
 * properties file are real configuration keys, it runs the image this build makes with that
 * image's volume and health probe, and every secret it points at is declared.
 */
class ComposeFileTest {
  private static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();
  private static final Pattern SECRET_PATH = Pattern.compile("/run/secrets/([A-Za-z0-9._-]+)");

  private static Map<String, Object> compose;
  private static Map<String, Object> services;

  @BeforeAll
  static void load() throws IOException {
    try (Reader r = Files.newBufferedReader(DEPLOY.resolve("compose.yaml"), StandardCharsets.UTF_8)) {
      compose = map(new Yaml(new SafeConstructor(new LoaderOptions())).load(r), "compose.yaml");
    }
    services = map(compose.get("services"), "services");
  }

  @Test
  void hasNginxTwoKmsNodesAndPostgres() {
    assertThat(services.keySet()).containsExactlyInAnyOrder("nginx", "kms1", "kms2", "postgres");
    // The second node starts once the first has created the security domain.
    assertThat(map(map(service("kms2").get("depends_on"), "depends_on").get("kms1"), "kms1"))
        .containsEntry("condition", "service_healthy");
    assertThat(strings(service("nginx").get("ports"))).containsExactly("443:443");
    assertThat(service("kms1")).doesNotContainKey("ports");
    assertThat(service("kms2")).doesNotContainKey("ports");
  }

  @Test
  void kmsNodesUseOnlyRealConfigurationKeys() throws IOException {
    Set<String> known = Stream.of(ConfigKey.values()).map(ConfigKey::envName).collect(Collectors.toSet());
    List<String> unknown = new ArrayList<>();
    for (String node : List.of("kms1", "kms2")) {
      Map<String, Object> env = map(service(node).get("environment"), node + ".environment");
      assertThat(env).containsKeys(ConfigKey.DB_URL.envName(), ConfigKey.SEAL_PASSPHRASE_FILE.envName(),
          ConfigKey.PUBLIC_URL.envName(), ConfigKey.PROXY_TRUSTED.envName(), ConfigKey.TLS_KEYSTORE.envName());
      env.keySet().stream().filter(k -> !known.contains(k)).forEach(k -> unknown.add(node + ": " + k));
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(DEPLOY.resolve("kms-node.properties.example"), StandardCharsets.UTF_8)) {
      p.load(r);
    }
    assertThat(p.stringPropertyNames()).isNotEmpty();
    p.stringPropertyNames().stream().filter(k -> ConfigKey.byKey(k) == null)
        .forEach(k -> unknown.add("kms-node.properties.example: " + k));
    assertThat(unknown).as("not configuration keys").isEmpty();

    // Both nodes serve one domain: the same database, seal and identity of the KMS.
    Map<String, Object> env1 = map(service("kms1").get("environment"), "kms1.environment");
    Map<String, Object> env2 = map(service("kms2").get("environment"), "kms2.environment");
    for (ConfigKey k : List.of(ConfigKey.DB_URL, ConfigKey.DB_USER, ConfigKey.SEAL_PASSPHRASE_FILE,
        ConfigKey.KMS_URI, ConfigKey.PUBLIC_URL, ConfigKey.AUTH_JWKS)) {
      assertThat(env2.get(k.envName())).as(k.key()).isNotNull().isEqualTo(env1.get(k.envName()));
    }
    assertThat(env1.get(ConfigKey.TLS_KEYSTORE.envName())).isNotEqualTo(env2.get(ConfigKey.TLS_KEYSTORE.envName()));
    // The address nginx has on the back network is the one the nodes trust for X-Forwarded-For.
    Map<String, Object> nginxBack = map(map(service("nginx").get("networks"), "nginx.networks").get("back"), "back");
    assertThat(env1.get(ConfigKey.PROXY_TRUSTED.envName())).isEqualTo(nginxBack.get("ipv4_address"));
    // nginx reaches each node at the node's fixed address and the image's KMS port.
    Map<String, Object> nginxEnv = map(service("nginx").get("environment"), "nginx.environment");
    for (String node : List.of("kms1", "kms2")) {
      Object address = map(map(service(node).get("networks"), node + ".networks").get("back"), "back").get("ipv4_address");
      assertThat(nginxEnv.get("KMS_NODE" + node.substring(3))).isEqualTo(address + ":" + ConfigKey.LISTEN_PORT.defaultValue());
    }
    // The database and user the nodes use are the ones PostgreSQL creates.
    Map<String, Object> pg = map(service("postgres").get("environment"), "postgres.environment");
    assertThat((String) env1.get(ConfigKey.DB_URL.envName())).endsWith("//postgres:5432/" + pg.get("POSTGRES_DB"));
    assertThat(env1.get(ConfigKey.DB_USER.envName())).isEqualTo(pg.get("POSTGRES_USER"));
  }

  @Test
  void kmsNodesRunTheImageThisBuildMakesWithItsVolumeAndHealthProbe(@TempDir Path tmp) throws IOException {
    OciImage image = OciImage.unpack(Path.of(System.getProperty("image.tar", "target/mcx-kms-image.tar")), tmp);
    String ref = image.index.path("manifests").get(0).path("annotations").path("org.opencontainers.image.ref.name").asText();
    String volume = image.config.path("config").path("Volumes").fieldNames().next();
    Set<String> named = map(compose.get("volumes"), "volumes").keySet();
    Set<String> used = new TreeSet<>();
    for (String node : List.of("kms1", "kms2")) {
      Map<String, Object> s = service(node);
      assertThat(s.get("image")).as(node + " image").isEqualTo(ref);
      assertThat(strings(s.get("command"))).startsWith("serve");
      List<String> volumes = strings(s.get("volumes"));
      assertThat(volumes).hasSize(1);
      String[] parts = volumes.get(0).split(":");
      assertThat(parts[1]).isEqualTo(volume);
      assertThat(named).contains(parts[0]);
      used.add(parts[0]);
      List<String> test = strings(map(s.get("healthcheck"), "healthcheck").get("test"));
      assertThat(test).containsExactly("CMD", "/opt/java/bin/java", "-cp", "@/app/jib-classpath-file",
          HealthProbe.class.getName(), "/health");
      assertThat(test.get(1)).isEqualTo(image.config.path("config").path("Entrypoint").get(0).asText());
    }
    assertThat(used).as("a data volume per node").hasSize(2);
  }

  @Test
  void everySecretUsedIsGivenToItsServiceAndDeclaredAsAFile() {
    Map<String, Object> declared = map(compose.get("secrets"), "secrets");
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Object> e : declared.entrySet()) {
      Object file = map(e.getValue(), e.getKey()).get("file");
      if (!(file instanceof String f) || !f.startsWith("./secrets/")) {
        problems.add("secret " + e.getKey() + " is not a file in ./secrets/: " + file);
      }
    }
    for (Map.Entry<String, Object> s : services.entrySet()) {
      Map<String, Object> service = map(s.getValue(), s.getKey());
      Set<String> given = new LinkedHashSet<>(strings(service.getOrDefault("secrets", List.of())));
      given.stream().filter(g -> !declared.containsKey(g)).forEach(g -> problems.add(s.getKey() + ": undeclared secret " + g));
      Set<String> referenced = new LinkedHashSet<>();
      Matcher m = SECRET_PATH.matcher(String.valueOf(service.get("environment")) + " " + service.get("command"));
      while (m.find()) {
        referenced.add(m.group(1));
      }
      referenced.stream().filter(r -> !given.contains(r)).forEach(r -> problems.add(s.getKey() + ": uses /run/secrets/" + r + " without the secret"));
      given.stream().filter(g -> !referenced.contains(g)).forEach(g -> problems.add(s.getKey() + ": secret " + g + " is never used"));
    }
    assertThat(problems).isEmpty();
  }

  /**
   * nginx renders deploy/nginx/'s template (written with the proxy configuration): every KMS_*
   * placeholder in it must be set. The check needs that template; the mount must name it either way.
   */
  @Test
  void nginxMountsTheShippedTemplateAndSetsEveryPlaceholder() throws IOException {
    List<String> volumes = strings(service("nginx").get("volumes"));
    assertThat(volumes).containsExactly("./nginx/mcx-kms.conf.template:/etc/nginx/templates/mcx-kms.conf.template:ro");
    Path template = DEPLOY.resolve("nginx").resolve("mcx-kms.conf.template");
    if (Files.isDirectory(DEPLOY.resolve("nginx"))) {
      assertThat(template).exists();
      Set<String> placeholders = new TreeSet<>();
      Matcher m = Pattern.compile("\\$\\{(KMS_[A-Z0-9_]+)}").matcher(Files.readString(template));
      while (m.find()) {
        placeholders.add(m.group(1));
      }
      assertThat(placeholders).isNotEmpty();
      assertThat(map(service("nginx").get("environment"), "nginx.environment").keySet()).containsAll(placeholders);
    }
  }

  private static Map<String, Object> service(String name) {
    return map(services.get(name), name);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o, String what) {
    assertThat(o).as(what + " is a mapping").isInstanceOf(Map.class);
    return (Map<String, Object>) o;
  }

  private static List<String> strings(Object o) {
    assertThat(o).isInstanceOf(List.class);
    List<String> out = new ArrayList<>();
    for (Object e : (List<?>) o) {
      out.add(String.valueOf(e));
    }
    return out;
  }
}
