package org.mcxkms.cli.mikey;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mcxkms.crypto.SecretAccess;
import org.mcxkms.crypto.uid.NtpTime;
import org.mcxkms.mikey.KeyPurpose;
import org.mcxkms.mikey.ReceivedKey;
import org.mcxkms.mikey.wire.CsIdMap;
import org.mcxkms.mikey.wire.GeneralExtensionPayload;
import org.mcxkms.mikey.wire.IMessage;
import org.mcxkms.mikey.wire.IdrPayload;
import org.mcxkms.mikey.wire.KeyParameters;
import org.mcxkms.mikey.wire.KeyParametersExtension;
import org.mcxkms.mikey.wire.MikeyConstants;
import org.mcxkms.mikey.wire.MikeyParseException;
import org.mcxkms.mikey.wire.MikeyReader;
import org.mcxkms.mikey.wire.Payload;
import org.mcxkms.mikey.wire.RandPayload;
import org.mcxkms.mikey.wire.SakkePayload;
import org.mcxkms.mikey.wire.SecurityPolicyPayload;
import org.mcxkms.mikey.wire.TimestampPayload;

/** Turns messages and received keys into ordered maps, printed as text or JSON. */
final class Describe {
  private Describe() {}

  static String hex32(int v) {
    return String.format("%08x", v);
  }

  static Map<String, Object> message(IMessage m, int length) throws MikeyParseException {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("length", length);
    Map<String, Object> hdr = new LinkedHashMap<>();
    hdr.put("version", m.header().version());
    hdr.put("dataType", m.header().dataType());
    hdr.put("v", m.header().verifyRequested());
    hdr.put("prf", m.header().prfFunc());
    hdr.put("csbId", hex32(m.header().csbId()));
    hdr.put("purpose", KeyPurpose.ofKeyId(m.header().csbId()).map(Enum::name).orElse("unknown"));
    hdr.put("csIdMap", csIdMap(m.header().csIdMap()));
    out.put("HDR", hdr);
    List<Object> payloads = new ArrayList<>();
    for (Payload p : m.payloads()) {
      payloads.add(payload(p));
    }
    out.put("payloads", payloads);
    Map<String, Object> sign = new LinkedHashMap<>();
    sign.put("type", m.signature().signatureType());
    sign.put("length", m.signature().signature().size());
    sign.put("signature", m.signature().signature().hex());
    out.put("SIGN", sign);
    return out;
  }

  private static Object csIdMap(CsIdMap map) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", map.mapType() == 0 ? "SRTP-ID" : map.mapType() == 1 ? "empty" : "GENERIC-ID");
    List<Object> entries = new ArrayList<>();
    if (map instanceof CsIdMap.GenericId) {
      for (CsIdMap.GenericIdEntry e : ((CsIdMap.GenericId) map).entries()) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("csId", e.csId());
        x.put("protType", e.protType());
        x.put("policies", e.policyNos());
        x.put("sessionData", e.sessionData().hex());
        x.put("spi", e.spi().hex());
        entries.add(x);
      }
    } else if (map instanceof CsIdMap.SrtpId) {
      for (CsIdMap.SrtpIdEntry e : ((CsIdMap.SrtpId) map).entries()) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("policy", e.policyNo());
        x.put("ssrc", hex32(e.ssrc()));
        x.put("roc", hex32(e.roc()));
        entries.add(x);
      }
    }
    out.put("entries", entries);
    return out;
  }

  private static Object payload(Payload p) throws MikeyParseException {
    Map<String, Object> x = new LinkedHashMap<>();
    if (p instanceof TimestampPayload) {
      TimestampPayload t = (TimestampPayload) p;
      x.put("payload", "T");
      x.put("ntp", Long.toHexString(t.ntp64()));
      NtpTime time = t.time(java.time.Instant.now());
      x.put("utc", time.toInstant().toString());
    } else if (p instanceof RandPayload) {
      x.put("payload", "RAND");
      x.put("rand", ((RandPayload) p).rand().hex());
    } else if (p instanceof IdrPayload) {
      IdrPayload i = (IdrPayload) p;
      x.put("payload", "IDR");
      x.put("role", roleName(i.role()));
      x.put("idType", i.idType());
      boolean text = i.role() != MikeyConstants.ROLE_IDRUIDI && i.role() != MikeyConstants.ROLE_IDRUIDR;
      x.put(text ? "uri" : "uid", text ? i.dataAsString() : i.data().hex());
    } else if (p instanceof SecurityPolicyPayload) {
      SecurityPolicyPayload sp = (SecurityPolicyPayload) p;
      x.put("payload", "SP");
      x.put("policyNo", sp.policyNo());
      Map<String, Object> params = new LinkedHashMap<>();
      for (SecurityPolicyPayload.Param q : sp.params()) {
        params.put(Integer.toString(q.type()), q.value().hex());
      }
      x.put("params", params);
    } else if (p instanceof SakkePayload) {
      SakkePayload s = (SakkePayload) p;
      x.put("payload", "SAKKE");
      x.put("params", s.sakkeParams());
      x.put("idScheme", s.idScheme());
      x.put("length", s.data().size());
    } else if (p instanceof GeneralExtensionPayload) {
      GeneralExtensionPayload g = (GeneralExtensionPayload) p;
      x.put("payload", "GENERAL EXTENSION");
      x.put("type", g.extensionType());
      x.put("length", g.data().size());
      if (g.extensionType() == MikeyConstants.EXT_KEY_PARAMETERS) {
        KeyParametersExtension k = MikeyReader.keyParameters(g);
        if (k instanceof KeyParametersExtension.Protected) {
          KeyParametersExtension.Protected pk = (KeyParametersExtension.Protected) k;
          x.put("form", "protected (AES-128-GCM under DPCK)");
          x.put("messageType", pk.messageType());
          x.put("dateTime", pk.dateTime());
          x.put("dppkId", hex32(pk.dppkId()));
          x.put("ciphertextLength", pk.ciphertext().size());
        } else {
          x.put("form", "legacy plaintext");
          x.put("keyParameters", keyParameters(((KeyParametersExtension.Legacy) k).parameters()));
        }
      } else if (g.extensionType() == MikeyConstants.EXT_SAKKE_TO_SELF) {
        x.put("form", "SAKKE-to-self");
      }
    }
    return x;
  }

  static Map<String, Object> keyParameters(KeyParameters kp) {
    Map<String, Object> x = new LinkedHashMap<>();
    x.put("keyType", kp.keyType());
    x.put("status", Long.toHexString(kp.status()));
    x.put("activationTime", kp.activationTime());
    x.put("expiryTime", kp.expiryTime());
    x.put("text", kp.text());
    List<Object> g = new ArrayList<>();
    kp.groupIds().forEach(id -> g.add(id.valueAsString()));
    x.put("groupIds", g);
    return x;
  }

  static Map<String, Object> received(ReceivedKey k, boolean showKey) {
    Map<String, Object> x = new LinkedHashMap<>();
    x.put("purpose", k.purpose().name());
    x.put("keyId", hex32(k.keyId()));
    k.gukId().ifPresent(g -> x.put("gukId", hex32(g)));
    x.put("csbId", hex32(k.csbId()));
    x.put("rand", k.rand().hex());
    x.put("csIds", k.csIds());
    x.put("mki", k.mki().hex());
    x.put("time", k.timestamp().toInstant().toString());
    x.put("senderUid", k.senderUid().toHex());
    k.senderUri().ifPresent(u -> x.put("senderUri", u));
    x.put("senderKms", k.senderKmsUri());
    x.put("keyPeriod", k.period());
    k.keyParameters().ifPresent(kp -> x.put("keyParameters", keyParameters(kp)));
    x.put("vendorSignatureVariant", k.vendorSignatureVariant());
    x.put("viaSakkeToSelf", k.viaSakkeToSelf());
    if (showKey) {
      x.put("key", java.util.HexFormat.of().formatHex(k.key().toByteArray(SecretAccess.get())));
    }
    return x;
  }

  private static String roleName(int role) {
    switch (role) {
      case 1: return "IDRi";
      case 2: return "IDRr";
      case 3: return "IDRkms";
      case 6: return "IDRkmsi";
      case 7: return "IDRkmsr";
      case 8: return "IDRuidi";
      case 9: return "IDRuidr";
      default: return "role " + role;
    }
  }

  /** Indented "key: value" text. */
  static String text(Object v) {
    StringBuilder sb = new StringBuilder();
    text(sb, v, 0);
    return sb.toString();
  }

  private static void text(StringBuilder sb, Object v, int indent) {
    if (v instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        sb.append(" ".repeat(indent)).append(e.getKey()).append(':');
        if (e.getValue() instanceof Map || (e.getValue() instanceof List && !((List<?>) e.getValue()).isEmpty()
            && (((List<?>) e.getValue()).get(0) instanceof Map))) {
          sb.append('\n');
          text(sb, e.getValue(), indent + 2);
        } else {
          sb.append(' ').append(e.getValue()).append('\n');
        }
      }
    } else if (v instanceof List) {
      for (Object o : (List<?>) v) {
        if (o instanceof Map) {
          sb.append(" ".repeat(indent)).append("-\n");
          text(sb, o, indent + 2);
        } else {
          sb.append(" ".repeat(indent)).append("- ").append(o).append('\n');
        }
      }
    } else {
      sb.append(" ".repeat(indent)).append(v).append('\n');
    }
  }
}
