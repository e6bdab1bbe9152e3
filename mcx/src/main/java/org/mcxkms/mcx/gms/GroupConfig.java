package org.mcxkms.mcx.gms;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A group as the GMS is told to key it.
 *
 * @param groupId the MC group ID (a URI), also the key under which members store the GMK
 * @param name human-readable name, sent as the Text of the key parameters (TS 33.180 E.6.5)
 * @param members the members' MC Service IDs
 * @param serviceGroupIds the MCPTT/MCData/MCVideo group IDs the GMK is for (TS 33.180 5.7.1: one GMK
 *     may serve several); empty means just {@code groupId}
 * @param mcxServer the MCX server's identity (MDSI) serving the group
 * @param serverInContext whether the MCX server is inside the group's security context: if so the
 *     GMS sends it the GMK too, and it can decrypt the group's media
 * @param rekeyInterval rekey on this schedule, if present
 */
public record GroupConfig(String groupId, String name, List<String> members, List<String> serviceGroupIds,
    Optional<String> mcxServer, boolean serverInContext, Optional<Duration> rekeyInterval) {
  public GroupConfig {
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(name, "name");
    members = List.copyOf(members);
    serviceGroupIds = serviceGroupIds.isEmpty() ? List.of(groupId) : List.copyOf(serviceGroupIds);
    Objects.requireNonNull(mcxServer, "mcxServer");
    Objects.requireNonNull(rekeyInterval, "rekeyInterval");
    if (serverInContext && mcxServer.isEmpty()) {
      throw new IllegalArgumentException("a server in the security context needs its identity");
    }
    if (members.stream().distinct().count() != members.size()) {
      throw new IllegalArgumentException("members listed twice in " + groupId);
    }
  }

  /** A group with these members, no MCX server in the context, no scheduled rekey. */
  public static GroupConfig of(String groupId, String name, List<String> members) {
    return new GroupConfig(groupId, name, members, List.of(), Optional.empty(), false, Optional.empty());
  }

  public GroupConfig withServer(String mdsi, boolean inContext) {
    return new GroupConfig(groupId, name, members, serviceGroupIds, Optional.of(mdsi), inContext, rekeyInterval);
  }

  public GroupConfig withRekeyInterval(Duration every) {
    return new GroupConfig(groupId, name, members, serviceGroupIds, mcxServer, serverInContext, Optional.of(every));
  }
}
