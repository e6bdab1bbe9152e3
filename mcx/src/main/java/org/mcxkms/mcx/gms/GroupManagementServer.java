package org.mcxkms.mcx.gms;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.SecretBytes;
import org.mcxkms.mcx.gms.GmsStateStore.State;
import org.mcxkms.mcx.gms.GmsStateStore.StoredGroup;
import org.mcxkms.mcx.gms.GmsStateStore.StoredKey;
import org.mcxkms.mikey.CreatedIMessage;
import org.mcxkms.mikey.KeyDistribution;
import org.mcxkms.mikey.KeyPurpose;
import org.mcxkms.mikey.KmsParameters;
import org.mcxkms.mikey.MikeySakkeInitiator;
import org.mcxkms.mikey.UserKeyRing;
import org.mcxkms.mikey.wire.ByteString;
import org.mcxkms.mikey.wire.KeyParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group management server as a key distributor (TS 33.180 5.7, 7.3): for each group it makes
 * a GMK and GMK-ID (purpose tag 0) and an MKFC for off-network floor control (purpose tag 4), and
 * sends each member one MIKEY-SAKKE I_MESSAGE per key, signed with the GMS identity and encrypted
 * to the member's UID, with end-point diversity (CSB ID = GUK-ID, 5.2.3 / F.1.3) and the key
 * parameters extension (E.6: key type, status, activation and expiry, the group's name as Text,
 * the group IDs). The first member's GMK message also carries SAKKE-to-self (E.5), kept as the
 * GMS's own record of the key.
 *
 * <p>A member leaving triggers a rekey (new GMK and MKFC to the remaining members only), as does
 * the optional schedule. A GMK can be revoked: every holder is sent the same GMK with the status
 * "revoked" (E.6.9). With the MCX server in the security context, the server's identity receives
 * the GMK as a member does. Messages are built on all cores by a bounded pool. The state is saved
 * encrypted after every change and reloaded on start ({@link GmsStateStore}).
 */
public final class GroupManagementServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("mcx.gms");
  /** IEI of an MC group ID in the key parameters: Alea's value (UNCONFIRMED, TS 24.282 15.2.14). */
  public static final int GROUP_ID_IEI = 0x7b;
  /** Status of a usable key: bit 0 "not revoked" (Streamwide's reading of E.6.9, UNCONFIRMED). */
  public static final long STATUS_ACTIVE = 1;
  public static final long STATUS_REVOKED = 0;

  private final UserKeyRing self;
  private final KeyDelivery delivery;
  private final Clock clock;
  private final SecureRandom random;
  private final Optional<GmsStateStore> store;
  private final Duration keyLifetime;
  private final Function<String, KmsParameters> receiverKms;
  private final ThreadPoolExecutor pool;
  private final ScheduledExecutorService scheduler;
  private final Map<String, Group> groups = new LinkedHashMap<>();
  private final Map<String, ScheduledFuture<?>> schedules = new LinkedHashMap<>();
  private final MikeySakkeInitiator initiator;

  private static final class Group {
    GroupConfig config;
    final List<StoredKey> gmks = new ArrayList<>();
    StoredKey mkfc;
    String ownRecord;

    Group(GroupConfig config) {
      this.config = config;
    }

    StoredKey current() {
      return gmks.isEmpty() ? null : gmks.get(gmks.size() - 1);
    }

    List<String> recipients() {
      List<String> r = new ArrayList<>(config.members());
      if (config.serverInContext()) {
        r.add(config.mcxServer().orElseThrow());
      }
      return r;
    }
  }

  private GroupManagementServer(Builder b) throws IOException {
    this.self = b.self;
    this.delivery = b.delivery;
    this.clock = b.clock;
    this.random = b.random;
    this.store = Optional.ofNullable(b.store);
    this.keyLifetime = b.keyLifetime;
    this.receiverKms = b.receiverKms != null ? b.receiverKms : uri -> b.self.kms();
    int threads = b.threads;
    this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(4 * threads),
        r -> {
          Thread t = new Thread(r, "gms-distribute");
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "gms-rekey");
      t.setDaemon(true);
      return t;
    });
    this.initiator = MikeySakkeInitiator.create(self, clock, random);
    if (store.isPresent()) {
      Optional<State> s = store.get().load();
      s.ifPresent(this::restore);
    }
  }

  public static Builder builder(UserKeyRing self, KeyDelivery delivery) {
    return new Builder(self, delivery);
  }

  /** The GMS identity (the initiator of every key message). */
  public String uri() {
    return self.uri();
  }

  // ---------------------------------------------------------------- group lifecycle

  /** Creates a group and keys it: a new GMK and MKFC to every member (and the server if in context). */
  public synchronized KeyingReport createGroup(GroupConfig config) {
    if (groups.containsKey(config.groupId())) {
      throw new IllegalArgumentException("group " + config.groupId() + " exists");
    }
    Group g = new Group(config);
    groups.put(config.groupId(), g);
    KeyingReport r = rekeyLocked(g, KeyingReport.Kind.CREATED, true);
    config.rekeyInterval().ifPresent(d -> schedule(config.groupId(), d));
    return r;
  }

  /** Adds a member and sends it the current GMK and MKFC (nothing changes for the others). */
  public synchronized KeyingReport addMember(String groupId, String member) {
    Group g = group(groupId);
    if (g.config.members().contains(member)) {
      throw new IllegalArgumentException(member + " is already a member of " + groupId);
    }
    List<String> m = new ArrayList<>(g.config.members());
    m.add(member);
    g.config = new GroupConfig(groupId, g.config.name(), m, g.config.serviceGroupIds(), g.config.mcxServer(),
        g.config.serverInContext(), g.config.rekeyInterval());
    long start = System.nanoTime();
    List<KeyMessage> msgs = distribute(g, List.of(member), g.current(), g.mkfc, STATUS_ACTIVE, false);
    persist();
    return report(g, KeyingReport.Kind.MEMBER_ADDED, List.of(member), msgs.size(), start);
  }

  /** Removes a member and rekeys the group: the leaver receives nothing. */
  public synchronized KeyingReport removeMember(String groupId, String member) {
    Group g = group(groupId);
    if (!g.config.members().contains(member)) {
      throw new IllegalArgumentException(member + " is not a member of " + groupId);
    }
    List<String> m = new ArrayList<>(g.config.members());
    m.remove(member);
    g.config = new GroupConfig(groupId, g.config.name(), m, g.config.serviceGroupIds(), g.config.mcxServer(),
        g.config.serverInContext(), g.config.rekeyInterval());
    LOG.info("group={} member left, rekeying", groupId);
    return rekeyLocked(g, KeyingReport.Kind.REKEY_ON_LEAVE, true);
  }

  /** Removes an identity (for example one revoked at the KMS) from every group, rekeying each. */
  public synchronized List<KeyingReport> removeEverywhere(String member) {
    List<KeyingReport> out = new ArrayList<>();
    for (Group g : List.copyOf(groups.values())) {
      if (g.config.members().contains(member)) {
        out.add(removeMember(g.config.groupId(), member));
      }
    }
    return out;
  }

  /** A new GMK (not MKFC) for the group: what the schedule does. */
  public synchronized KeyingReport rekey(String groupId) {
    return rekeyLocked(group(groupId), KeyingReport.Kind.REKEY, false);
  }

  /** Puts the MCX server in or out of the security context, with a new GMK and MKFC. */
  public synchronized KeyingReport setServerInContext(String groupId, boolean inContext) {
    Group g = group(groupId);
    g.config = new GroupConfig(groupId, g.config.name(), g.config.members(), g.config.serviceGroupIds(),
        g.config.mcxServer(), inContext, g.config.rekeyInterval());
    return rekeyLocked(g, KeyingReport.Kind.CONTEXT_CHANGED, true);
  }

  /**
   * Revokes a GMK of the group: every current holder gets the GMK again with the revoked status
   * (TS 33.180 5.2.4: a key marked revoked shall not be used). The group is then rekeyed if it was
   * the current GMK.
   */
  public synchronized KeyingReport revoke(String groupId, int gmkId) {
    Group g = group(groupId);
    int i = indexOf(g, gmkId);
    StoredKey k = g.gmks.get(i);
    StoredKey revoked = new StoredKey(k.keyId(), k.key(), k.rand(), k.activation(), k.expiry(), true);
    g.gmks.set(i, revoked);
    long start = System.nanoTime();
    List<KeyMessage> msgs = distribute(g, g.recipients(), revoked, null, STATUS_REVOKED, false);
    persist();
    LOG.info("group={} gmk={} revoked", groupId, String.format("%08x", gmkId));
    return new KeyingReport(groupId, KeyingReport.Kind.REVOKED, gmkId, g.mkfc.keyId(), g.recipients(), msgs.size(),
        Duration.ofNanos(System.nanoTime() - start));
  }

  /** The current GMK-ID of a group. */
  public synchronized int currentGmkId(String groupId) {
    return group(groupId).current().keyId();
  }

  public synchronized Optional<GroupConfig> config(String groupId) {
    Group g = groups.get(groupId);
    return g == null ? Optional.empty() : Optional.of(g.config);
  }

  public synchronized List<GroupConfig> groups() {
    return groups.values().stream().map(g -> g.config).toList();
  }

  /** The GMK-IDs issued for a group, oldest first, with whether each is revoked. */
  public synchronized Map<Integer, Boolean> gmkIds(String groupId) {
    Map<Integer, Boolean> m = new LinkedHashMap<>();
    for (StoredKey k : group(groupId).gmks) {
      m.put(k.keyId(), k.revoked());
    }
    return m;
  }

  /** The GMS's own record of the current GMK: an I_MESSAGE with SAKKE-to-self (base64). */
  public synchronized Optional<String> ownRecord(String groupId) {
    return Optional.ofNullable(group(groupId).ownRecord);
  }

  // ---------------------------------------------------------------- internals

  private Group group(String groupId) {
    Group g = groups.get(groupId);
    if (g == null) {
      throw new IllegalArgumentException("no group " + groupId);
    }
    return g;
  }

  private static int indexOf(Group g, int gmkId) {
    for (int i = 0; i < g.gmks.size(); i++) {
      if (g.gmks.get(i).keyId() == gmkId) {
        return i;
      }
    }
    throw new IllegalArgumentException(String.format("group %s has no GMK %08x", g.config.groupId(), gmkId));
  }

  private KeyingReport rekeyLocked(Group g, KeyingReport.Kind kind, boolean newMkfc) {
    long start = System.nanoTime();
    long now = clock.instant().getEpochSecond();
    StoredKey gmk = newKey(KeyPurpose.GMK, now);
    g.gmks.add(gmk);
    while (g.gmks.size() > 4) {
      g.gmks.remove(0); // older GMKs have expired at the members' side; keep a few for revocation
    }
    if (newMkfc || g.mkfc == null) {
      g.mkfc = newKey(KeyPurpose.MKFC, now);
    }
    List<KeyMessage> msgs = distribute(g, g.recipients(), gmk, newMkfc ? g.mkfc : null, STATUS_ACTIVE, true);
    persist();
    LOG.info("group={} kind={} gmk={} recipients={} messages={}", g.config.groupId(), kind,
        String.format("%08x", gmk.keyId()), g.recipients().size(), msgs.size());
    return report(g, kind, g.recipients(), msgs.size(), start);
  }

  private KeyingReport report(Group g, KeyingReport.Kind kind, List<String> to, int n, long start) {
    return new KeyingReport(g.config.groupId(), kind, g.current().keyId(), g.mkfc.keyId(), to, n,
        Duration.ofNanos(System.nanoTime() - start));
  }

  private StoredKey newKey(KeyPurpose purpose, long now) {
    byte[] k = new byte[16];
    random.nextBytes(k);
    byte[] rand = new byte[16];
    random.nextBytes(rand);
    return new StoredKey(KeyDistribution.newKeyId(purpose, random), k, rand, now, now + keyLifetime.toSeconds(), false);
  }

  /** Builds one I_MESSAGE per recipient and key on the pool, then delivers them in order. */
  private List<KeyMessage> distribute(Group g, List<String> to, StoredKey gmk, StoredKey mkfc, long status,
      boolean record) {
    List<Future<KeyMessage>> futures = new ArrayList<>();
    for (int i = 0; i < to.size(); i++) {
      String r = to.get(i);
      boolean self = record && i == 0;
      futures.add(pool.submit(() -> build(g, r, KeyPurpose.GMK, gmk, status, self)));
      if (mkfc != null) {
        futures.add(pool.submit(() -> build(g, r, KeyPurpose.MKFC, mkfc, status, false)));
      }
    }
    List<KeyMessage> out = new ArrayList<>(futures.size());
    for (Future<KeyMessage> f : futures) {
      try {
        out.add(f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while distributing keys of " + g.config.groupId(), e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("building a key message of " + g.config.groupId() + " failed: "
            + e.getCause().getMessage(), e.getCause());
      }
    }
    for (KeyMessage m : out) {
      delivery.deliver(m);
    }
    return out;
  }

  private KeyMessage build(Group g, String recipient, KeyPurpose purpose, StoredKey k, long status, boolean toSelf) {
    SecretBytes key = SecretBytes.copyOf(k.key(), SecretAccess.get());
    try {
      List<KeyParameters.GroupId> ids = g.config.serviceGroupIds().stream()
          .map(id -> new KeyParameters.GroupId(GROUP_ID_IEI, ByteString.of(id.getBytes(StandardCharsets.UTF_8))))
          .toList();
      KeyParameters params = new KeyParameters(purpose.tag(), status, k.activation(), k.expiry(), g.config.name(),
          true, ids);
      KeyDistribution.Builder b = purpose == KeyPurpose.GMK ? KeyDistribution.gmk(key, k.keyId())
          : KeyDistribution.mkfc(key, k.keyId());
      // One RAND for every member: the group's SRTP master keys derive from GMK, GUK-ID and RAND (7.4).
      KeyDistribution d = b.to(recipient, receiverKms.apply(recipient)).keyParameters(Optional.of(params))
          .rand(ByteString.of(k.rand())).sakkeToSelf(toSelf).build();
      CreatedIMessage m = initiator.create(d);
      if (toSelf) {
        g.ownRecord = Base64.getEncoder().encodeToString(m.encoded());
      }
      return new KeyMessage(recipient, g.config.groupId(), purpose, k.keyId(), m.encoded());
    } finally {
      key.destroy();
    }
  }

  private void schedule(String groupId, Duration every) {
    ScheduledFuture<?> f = scheduler.scheduleAtFixedRate(() -> {
      try {
        synchronized (this) {
          if (groups.containsKey(groupId)) {
            rekeyLocked(groups.get(groupId), KeyingReport.Kind.REKEY_SCHEDULED, false);
          }
        }
      } catch (RuntimeException e) {
        LOG.warn("group={} scheduled rekey failed: {}", groupId, e.getMessage());
      }
    }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    ScheduledFuture<?> old = schedules.put(groupId, f);
    if (old != null) {
      old.cancel(false);
    }
  }

  private void persist() {
    if (store.isEmpty()) {
      return;
    }
    List<StoredGroup> gs = new ArrayList<>();
    for (Group g : groups.values()) {
      GroupConfig c = g.config;
      gs.add(new StoredGroup(c.groupId(), c.name(), c.members(), c.serverInContext(), c.mcxServer().orElse(null),
          c.serviceGroupIds(), g.gmks, g.mkfc, c.rekeyInterval().map(Duration::toSeconds).orElse(0L), g.ownRecord));
    }
    try {
      store.get().save(new State(gs));
    } catch (IOException e) {
      throw new UncheckedIOException("saving the GMS state failed; the keys were distributed", e);
    }
  }

  private void restore(State s) {
    for (StoredGroup sg : s.groups()) {
      GroupConfig c = new GroupConfig(sg.groupId(), sg.name(), sg.members(), sg.serviceGroupIds(),
          Optional.ofNullable(sg.mcxServer()), sg.serverInContext(),
          sg.rekeySeconds() > 0 ? Optional.of(Duration.ofSeconds(sg.rekeySeconds())) : Optional.empty());
      Group g = new Group(c);
      g.gmks.addAll(sg.gmks());
      g.mkfc = sg.mkfc();
      g.ownRecord = sg.ownRecord();
      groups.put(c.groupId(), g);
      c.rekeyInterval().ifPresent(d -> schedule(c.groupId(), d));
    }
    LOG.info("restored {} groups", groups.size());
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    pool.shutdown();
  }

  @Override
  public String toString() {
    return "GroupManagementServer[" + self.uri() + ", " + groups.size() + " groups]";
  }

  public static final class Builder {
    private final UserKeyRing self;
    private final KeyDelivery delivery;
    private Clock clock = Clock.systemUTC();
    private SecureRandom random = new SecureRandom();
    private GmsStateStore store;
    private Duration keyLifetime = Duration.ofHours(24);
    private int threads = Runtime.getRuntime().availableProcessors();
    private Function<String, KmsParameters> receiverKms;

    private Builder(UserKeyRing self, KeyDelivery delivery) {
      this.self = Objects.requireNonNull(self, "self");
      this.delivery = Objects.requireNonNull(delivery, "delivery");
    }

    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c);
      return this;
    }

    public Builder random(SecureRandom r) {
      this.random = Objects.requireNonNull(r);
      return this;
    }

    /** Persist (and on start restore) the state in this encrypted store. */
    public Builder stateStore(GmsStateStore s) {
      this.store = s;
      return this;
    }

    /** Expiry time of each GMK after its activation (sent in the key parameters). */
    public Builder keyLifetime(Duration d) {
      this.keyLifetime = Objects.requireNonNull(d);
      return this;
    }

    public Builder threads(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("threads >= 1");
      }
      this.threads = n;
      return this;
    }

    /** The KMS of each receiver (default: every receiver shares the GMS's home KMS). */
    public Builder receiverKms(Function<String, KmsParameters> f) {
      this.receiverKms = f;
      return this;
    }

    public GroupManagementServer build() throws IOException {
      return new GroupManagementServer(this);
    }
  }
}
