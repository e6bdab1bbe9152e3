package org.mcxkms.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An OCI image layout tarball as Jib writes it (OCI image spec: image-layout, index, manifest,
 * config), unpacked into a directory and read back: the one manifest of the index, its config and
 * its layers, each found by the digest that names it.
 */
final class OciImage {
  private static final ObjectMapper JSON = new ObjectMapper();

  final Path dir;
  final JsonNode index;
  final JsonNode manifest;
  final JsonNode config;

  private OciImage(Path dir, JsonNode index, JsonNode manifest, JsonNode config) {
    this.dir = dir;
    this.index = index;
    this.manifest = manifest;
    this.config = config;
  }

  /** Unpacks {@code tarball} into {@code dir} and reads the index, its single manifest and the config. */
  static OciImage unpack(Path tarball, Path dir) throws IOException {
    Files.createDirectories(dir);
    try (TarArchiveInputStream in = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(tarball)))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        Path target = dir.resolve(e.getName()).normalize();
        if (!target.startsWith(dir)) {
          throw new IOException("entry outside the archive root: " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(in, target);
        }
      }
    }
    JsonNode index = JSON.readTree(dir.resolve("index.json").toFile());
    if (index.path("manifests").size() != 1) {
      throw new IOException("expected one manifest in index.json: " + index);
    }
    JsonNode manifest = JSON.readTree(blob(dir, index.path("manifests").get(0).path("digest").asText()).toFile());
    JsonNode config = JSON.readTree(blob(dir, manifest.path("config").path("digest").asText()).toFile());
    return new OciImage(dir, index, manifest, config);
  }

  Path blob(String digest) {
    return blob(dir, digest);
  }

  private static Path blob(Path dir, String digest) {
    if (!digest.matches("sha256:[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a sha256 digest: " + digest);
    }
    return dir.resolve("blobs").resolve("sha256").resolve(digest.substring("sha256:".length()));
  }

  /** The layers' blobs, base first. */
  List<Path> layerBlobs() {
    List<Path> out = new ArrayList<>();
    for (JsonNode l : manifest.path("layers")) {
      out.add(blob(l.path("digest").asText()));
    }
    return out;
  }

  /** {@code sha256:} and the hex SHA-256 of the file, or of its gunzipped content. */
  static String sha256(Path file, boolean gunzip) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = new DigestInputStream(gunzip ? new GZIPInputStream(raw) : raw, md)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return "sha256:" + HexFormat.of().formatHex(md.digest());
  }

  /** One entry of a layer: its path (without a leading "./" or "/"), type, owner and mode. */
  record Entry(String path, boolean directory, boolean symlink, long uid, long gid, int mode) {}

  /** The entries of a gzipped layer blob, in archive order. */
  static List<Entry> entries(Path layer) throws IOException {
    List<Entry> out = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(layer)))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        String name = e.getName().replaceFirst("^\\./", "").replaceFirst("^/", "");
        if (name.endsWith("/")) {
          name = name.substring(0, name.length() - 1);
        }
        out.add(new Entry(name, e.isDirectory(), e.isSymbolicLink(), e.getLongUserId(), e.getLongGroupId(), e.getMode() & 07777));
      }
    }
    return out;
  }

  /** Reads the content of one file of a gzipped layer blob, or null if it has none by that path. */
  static byte[] read(Path layer, String path) throws IOException {
    try (TarArchiveInputStream in = new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(layer)))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        String name = e.getName().replaceFirst("^\\./", "").replaceFirst("^/", "");
        if (name.equals(path)) {
          return in.readAllBytes();
        }
      }
    }
    return null;
  }
}
