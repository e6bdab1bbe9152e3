package org.mcxkms.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mcxkms.kms.protocol.KmsKeySet;
import org.mcxkms.kms.protocol.KmsResponse;
import org.mcxkms.kms.protocol.KmsXmlReader;
import org.mcxkms.kms.server.config.ConfigKey;
import org.mcxkms.testkit.Https;

/**
 * The container image as the build wrote it (target/mcx-kms-image.tar, by jib:buildTar in the
 * package phase; this test runs in integration-test): first read as data (OCI image layout,
 * manifest, config, layers), then run without a container engine: its layers unpacked in order
 * into a root file system, its entrypoint and command started there with chroot as its user, in
 * fresh mount and PID namespaces with /proc and /dev as a container engine would give, and
 * asked for keys over HTTPS.
 */
class ImageTest {
  private static final Path TARBALL = Path.of(System.getProperty("image.tar", "target/mcx-kms-image.tar"));
  private static final Path WORK = Path.of("target", "image-test").toAbsolutePath();
  private static final String DATA_DIR = "/var/lib/mcx-kms";
  private static final String ALICE = "sip:alice@example.org";

  private static OciImage image;

  @BeforeAll
  static void unpack() throws IOException {
    if (!Files.isRegularFile(TARBALL)) {
      fail(TARBALL.toAbsolutePath() + " is missing: the image is built in the package phase; run "
          + "'mvn -B -pl image -am verify' (this test runs in integration-test, after jib:buildTar)");
    }
    deleteTree(WORK);
    image = OciImage.unpack(TARBALL, WORK.resolve("oci"));
  }

  @Test
  void everyBlobMatchesTheDigestAndSizeThatNameIt() throws IOException {
    assertThat(new ObjectMapper().readTree(image.dir.resolve("oci-layout").toFile()).path("imageLayoutVersion").asText())
        .isEqualTo("1.0.0");
    JsonNode ref = image.index.path("manifests").get(0);
    assertThat(ref.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
    assertBlob(ref);
    assertBlob(image.manifest.path("config"));
    List<String> mismatches = new ArrayList<>();
    JsonNode layers = image.manifest.path("layers");
    JsonNode diffIds = image.config.path("rootfs").path("diff_ids");
    assertThat(diffIds.size()).isEqualTo(layers.size());
    for (int i = 0; i < layers.size(); i++) {
      JsonNode l = layers.get(i);
      assertThat(l.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
      assertBlob(l);
      // The config names each layer by the digest of its uncompressed tar (diff_id).
      String diffId = OciImage.sha256(image.blob(l.path("digest").asText()), true);
      if (!diffId.equals(diffIds.get(i).asText())) {
        mismatches.add("layer " + i + ": diff_id " + diffIds.get(i).asText() + ", content " + diffId);
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void configRunsServeAsAnUnprivilegedUserWithTheDataDirectoryAsAVolume() throws IOException {
    JsonNode c = image.config.path("config");
    assertThat(image.config.path("os").asText()).isEqualTo("linux");
    // The runtime is the build JDK's, so the image is for the build machine's architecture.
    String arch = System.getProperty("os.arch");
    assertThat(image.config.path("architecture").asText()).isEqualTo(arch.equals("aarch64") ? "arm64" : arch);
    assertThat(strings(c.path("Entrypoint")))
        .containsExactly("/opt/java/bin/java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-cp",
            "@/app/jib-classpath-file", "org.mcxkms.cli.Main");
    assertThat(strings(c.path("Cmd"))).containsExactly("serve");

    String user = c.path("User").asText();
    assertThat(user).matches("[0-9]+:[0-9]+");
    long uid = Long.parseLong(user.substring(0, user.indexOf(':')));
    assertThat(uid).as("numeric user of the image").isNotZero();
    // The user exists in the image's passwd (Java asks for its home directory), under another name than root.
    String passwd = new String(OciImage.read(image.layerBlobs().get(0), "etc/passwd"), StandardCharsets.UTF_8);
    assertThat(passwd.lines()).anyMatch(l -> l.matches("[a-z][a-z0-9-]*:x:" + uid + ":" + user.substring(user.indexOf(':') + 1) + ":.*")
        && !l.startsWith("root:"));

    assertThat(fieldNames(c.path("Volumes"))).containsExactly(DATA_DIR);
    assertThat(fieldNames(c.path("ExposedPorts"))).containsExactly(ConfigKey.LISTEN_PORT.defaultValue() + "/tcp");
    assertThat(c.path("WorkingDir").asText()).isEqualTo(DATA_DIR);

    Map<String, String> env = env();
    assertThat(env).containsEntry(ConfigKey.DATA_DIR.envName(), DATA_DIR)
        .containsEntry(ConfigKey.LISTEN_HOST.envName(), "0.0.0.0");
    Set<String> known = Stream.of(ConfigKey.values()).map(ConfigKey::envName).collect(Collectors.toSet());
    assertThat(env.keySet().stream().filter(k -> k.startsWith("MCX_KMS_"))).allMatch(known::contains);
  }

  @Test
  void layersSeparateRuntimeDependenciesProjectModulesAndClasses() throws IOException {
    List<Path> blobs = image.layerBlobs();
    List<String> comments = new ArrayList<>();
    for (JsonNode h : image.config.path("history")) {
      assertThat(h.path("empty_layer").asBoolean(false)).isFalse();
      comments.add(h.has("comment") ? h.path("comment").asText() : h.path("created_by").asText());
    }
    assertThat(comments).hasSize(blobs.size());
    assertThat(comments.get(0)).startsWith("runtime-base.sh: jlink");
    assertThat(comments.subList(1, comments.size()))
        .containsExactly("dependencies", "project dependencies", "resources", "classes", "jvm arg files");

    List<List<OciImage.Entry>> layers = new ArrayList<>();
    for (Path b : blobs) {
      layers.add(OciImage.entries(b));
    }
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      for (OciImage.Entry e : layers.get(i)) {
        if (e.path().contains(".wh.") || e.path().startsWith("..") || e.path().contains("/../")) {
          problems.add("layer " + i + ": " + e.path());
        }
      }
    }
    assertThat(problems).as("whiteouts or escaping paths").isEmpty();

    // The runtime: a Java runtime and the libraries it links, all owned by root, except the data
    // directory, which belongs to the image user with mode 0700 from the start.
    Map<String, OciImage.Entry> runtime = byPath(layers.get(0));
    assertThat(runtime).containsKeys("opt/java/bin/java", "opt/java/lib/server/libjvm.so", "opt/java/lib/modules",
        "opt/java/lib/security/cacerts", "etc/passwd", "etc/group");
    assertThat(runtime.keySet()).as("the dynamic loader").anyMatch(p -> p.matches("lib(64)?/ld-linux-[a-z0-9_-]+\\.so\\.[0-9]+"));
    assertThat(runtime.keySet()).noneMatch(p -> p.startsWith("app"));
    assertThat(runtime.get("opt/java/bin/java").mode() & 0111).isNotZero();
    OciImage.Entry data = runtime.get(DATA_DIR.substring(1));
    assertThat(data.directory()).isTrue();
    assertThat(data.uid()).isEqualTo(10001);
    assertThat(data.gid()).isEqualTo(10001);
    assertThat(data.mode()).isEqualTo(0700);
    assertThat(runtime.get("tmp").mode()).isEqualTo(01777);
    assertThat(runtime.values().stream().filter(e -> !e.path().equals(data.path())))
        .allMatch(e -> e.uid() == 0 && e.gid() == 0 && ((e.mode() & 0022) == 0 || e.symlink() || e.path().equals("tmp")));
    String release = new String(OciImage.read(blobs.get(0), "opt/java/release"), StandardCharsets.UTF_8);
    assertThat(release).contains("JAVA_VERSION=\"" + System.getProperty("java.version") + "\"").contains("jdk.crypto.ec").contains("java.sql")
        .doesNotContain("java.desktop").doesNotContain("jdk.compiler");

    // Third-party jars change rarely, the project's modules often, so they are apart.
    List<String> deps = files(layers.get(1));
    assertThat(deps).isNotEmpty().allMatch(p -> p.startsWith("app/libs/") && p.endsWith(".jar") && !p.endsWith("-SNAPSHOT.jar"));
    assertThat(deps).anyMatch(p -> p.startsWith("app/libs/bcprov-")).anyMatch(p -> p.startsWith("app/libs/jetty-server-"))
        .anyMatch(p -> p.startsWith("app/libs/postgresql-")).anyMatch(p -> p.startsWith("app/libs/h2-"));
    List<String> project = files(layers.get(2));
    assertThat(project).isNotEmpty().allMatch(p -> p.startsWith("app/libs/") && p.endsWith("-SNAPSHOT.jar"));
    assertThat(project).anyMatch(p -> p.startsWith("app/libs/cli-")).anyMatch(p -> p.startsWith("app/libs/kms-server-"))
        .anyMatch(p -> p.startsWith("app/libs/crypto-"));
    assertThat(files(layers.get(4))).contains("app/classes/org/mcxkms/image/HealthProbe.class");
    assertThat(files(layers.get(5))).contains("app/jib-classpath-file");

    // Every element of the class path the entrypoint names is in the image.
    Set<String> all = layers.stream().flatMap(List::stream).map(OciImage.Entry::path).collect(Collectors.toSet());
    String classpath = new String(OciImage.read(blobs.get(5), "app/jib-classpath-file"), StandardCharsets.UTF_8).trim();
    assertThat(classpath.split(":")).isNotEmpty().allMatch(p -> all.contains(p.substring(1)));
    assertThat(classpath.split(":")).hasSize(deps.size() + project.size() + 2);
  }

  /**
   * What {@code docker run} would do, without Docker: the layers unpacked in order, /proc and /dev
   * mounted, the image's entrypoint, command, environment and user. Then {@code docker exec}'s
   * share: the admin commands and the health probe run in the same root file system.
   */
  @Test
  void serveRunsFromTheUnpackedLayersAsTheImageUserAndIssuesKeys() throws Exception {
    Path rootfs = WORK.resolve("rootfs");
    Files.createDirectories(rootfs);
    for (Path blob : image.layerBlobs()) {
      run(List.of("tar", "-xzf", blob.toString(), "-C", rootfs.toString(), "--numeric-owner",
          "--warning=no-unknown-keyword"), Map.of(), Duration.ofSeconds(60), WORK.resolve("untar.log"));
    }
    Files.createDirectories(rootfs.resolve("proc"));
    Files.createDirectories(rootfs.resolve("dev"));

    Map<String, String> env = env();
    int kmsPort = freePort();
    env.put(ConfigKey.LISTEN_HOST.envName(), "127.0.0.1"); // loopback only for the test
    env.put(ConfigKey.LISTEN_PORT.envName(), Integer.toString(kmsPort));
    env.put(ConfigKey.ADMIN_PORT.envName(), Integer.toString(freePort()));
    List<String> entrypoint = strings(image.config.path("config").path("Entrypoint"));
    List<String> serve = new ArrayList<>(entrypoint);
    serve.addAll(strings(image.config.path("config").path("Cmd")));

    Path data = rootfs.resolve(DATA_DIR.substring(1));
    Path log = WORK.resolve("serve.log");
    Process kms = container(rootfs, env, serve).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      Https https = awaitHealthy(kms, data, kmsPort, log);
      if (isRoot()) {
        assertThat(Files.getAttribute(data, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(10001);
        assertThat(Files.getAttribute(data.resolve("seal.key"), "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(10001);
      }
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("seal.key")))).isEqualTo("rw-------");

      List<String> addUser = new ArrayList<>(entrypoint);
      addUser.addAll(List.of("admin", "add-user", ALICE));
      assertThat(exec(kms, env, addUser, "add-user")).isNotBlank();
      // The development IdM's token over the admin API (what 'admin token' does), saving a JVM start.
      URI adminUrl = URI.create(Files.readString(data.resolve("admin.url")).trim());
      HttpResponse<String> minted = https.json("POST", adminUrl.resolve("dev/token"),
          Files.readString(data.resolve("admin.token")).trim(), "{\"user\":\"" + ALICE + "\"}");
      assertThat(minted.statusCode()).as(minted.body()).isEqualTo(200);
      String accessToken = new ObjectMapper().readTree(minted.body()).path("access_token").asText();

      URI kmsUrl = URI.create(Files.readString(data.resolve("kms.url")).trim());
      HttpResponse<byte[]> r = https.post(kmsUrl.resolve("keyprov"), accessToken, null);
      assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
      KmsResponse response = KmsXmlReader.create().readResponse(r.body());
      assertThat(response.userUri()).isEqualTo(ALICE);
      List<KmsKeySet> sets = response.keyProv().orElseThrow().keySets();
      assertThat(sets).isNotEmpty().allMatch(s -> s.userUri().equals(ALICE));

      // The health check of the compose file: the probe class, in the image, on the admin listener.
      exec(kms, env, List.of("/opt/java/bin/java", "-cp", "@/app/jib-classpath-file",
          "org.mcxkms.image.HealthProbe", "/ready"), "probe");
    } finally {
      stop(kms);
    }
    assertThat(kms.exitValue()).as("exit after SIGTERM (128 + 15 from the JVM)").isIn(0, 143);
    assertThat(Files.readString(log)).doesNotContain("Exception");
  }

  /**
   * A process that runs {@code argv} as the image would: in new mount and PID namespaces (so the
   * mounts vanish with it), /proc and /dev mounted into the root file system, chroot into it as
   * the image's user, with the image's environment. As root (CI) the user is the image's; as
   * another user, a user namespace maps that user to root inside and the files are theirs.
   */
  private static ProcessBuilder container(Path rootfs, Map<String, String> env, List<String> argv) {
    List<String> cmd = new ArrayList<>(List.of("unshare", "--mount", "--pid", "--fork", "--kill-child=SIGTERM"));
    if (!isRoot()) {
      cmd.add("--map-root-user");
    }
    String script = "set -e; root=$1; user=$2; path=$3; shift 3;"
        + " mount -t proc proc \"$root/proc\"; mount --rbind /dev \"$root/dev\";"
        + " chroot=$(command -v chroot);"
        + " exec env PATH=\"$path\" \"$chroot\" ${user:+--userspec=$user} \"$root\" \"$@\"";
    cmd.addAll(List.of("sh", "-c", script, "container", rootfs.toString(),
        isRoot() ? image.config.path("config").path("User").asText() : "", env.get("PATH")));
    cmd.addAll(argv);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    return pb;
  }

  /**
   * Runs {@code argv} in the running container to completion, as {@code docker exec} does: in the
   * server's mount and PID namespaces, its root directory and working directory, as the image's
   * user (as non-root: as root of the server's user namespace). Returns its standard output; fails
   * on a non-zero exit.
   */
  private static String exec(Process container, Map<String, String> env, List<String> argv, String name) throws Exception {
    long pid = container.descendants().filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false))
        .findFirst().orElseThrow(() -> new AssertionError("no java process under " + container.pid())).pid();
    List<String> cmd = new ArrayList<>(List.of("nsenter", "--target", Long.toString(pid)));
    if (isRoot()) {
      String user = image.config.path("config").path("User").asText();
      cmd.addAll(List.of("--mount", "--pid", "--root", "--wd",
          "--setuid", user.substring(0, user.indexOf(':')), "--setgid", user.substring(user.indexOf(':') + 1)));
    } else {
      cmd.addAll(List.of("--user", "--mount", "--pid", "--root", "--wd"));
    }
    cmd.add("--");
    cmd.addAll(argv);
    Path out = WORK.resolve(name + ".out");
    Path err = WORK.resolve(name + ".err");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      stop(p);
      fail(name + " did not finish within 60 s: " + Files.readString(err));
    }
    assertThat(p.exitValue()).as(name + ": " + Files.readString(err)).isZero();
    return Files.readString(out);
  }

  private static Https awaitHealthy(Process kms, Path data, int port, Path log) throws Exception {
    Path pem = data.resolve("tls").resolve("server.crt.pem");
    URI health = URI.create("https://127.0.0.1:" + port + "/health");
    Instant deadline = Instant.now().plusSeconds(90);
    Exception last = null;
    while (Instant.now().isBefore(deadline)) {
      if (!kms.isAlive()) {
        fail("serve exited with " + kms.exitValue() + ":\n" + Files.readString(log));
      }
      if (Files.exists(pem)) {
        try {
          Https https = new Https(pem);
          HttpResponse<byte[]> r = https.send("GET", health, null, null);
          if (r.statusCode() == 200) {
            return https;
          }
        } catch (IOException | RuntimeException e) {
          last = e;
        }
      }
      Thread.sleep(250);
    }
    fail("serve did not answer " + health + " within 90 s (" + last + "):\n" + Files.readString(log));
    return null;
  }

  /** SIGTERM to the server (the JVM inside the namespaces), as {@code docker stop} sends; then to unshare. */
  private static void stop(Process p) throws InterruptedException {
    p.descendants().forEach(ProcessHandle::destroy);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static void run(List<String> cmd, Map<String, String> env, Duration timeout, Path log) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      fail(cmd.get(0) + " is needed by this test (Debian: tar, util-linux, coreutils): " + e.getMessage());
      return;
    }
    if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(String.join(" ", cmd) + " did not finish in " + timeout);
    }
    assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + Files.readString(log)).isZero();
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode e : image.config.path("config").path("Env")) {
      String s = e.asText();
      env.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
    }
    return env;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static Map<String, OciImage.Entry> byPath(List<OciImage.Entry> entries) {
    Map<String, OciImage.Entry> m = new LinkedHashMap<>();
    entries.forEach(e -> m.put(e.path(), e));
    return m;
  }

  private static List<String> files(List<OciImage.Entry> entries) {
    return entries.stream().filter(e -> !e.directory()).map(OciImage.Entry::path).toList();
  }

  private static void assertBlob(JsonNode descriptor) throws IOException {
    Path blob = image.blob(descriptor.path("digest").asText());
    assertThat(blob).exists();
    assertThat(Files.size(blob)).isEqualTo(descriptor.path("size").asLong());
    assertThat(OciImage.sha256(blob, false)).isEqualTo(descriptor.path("digest").asText());
  }

  /**
   * Deletes a previous run's files, refusing if anything is still mounted below {@code dir} (a
   * leaked /dev bind mount must never be deleted through).
   */
  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    String prefix = dir.toRealPath().toString() + "/";
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      String mountPoint = line.split(" ")[4];
      if (mountPoint.startsWith(prefix)) {
        fail(mountPoint + " is mounted inside " + dir + ": unmount it, then delete " + dir);
      }
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
