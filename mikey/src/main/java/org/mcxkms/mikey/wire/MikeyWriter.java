package org.mcxkms.mikey.wire;

import static org.mcxkms.mikey.wire.MikeyConstants.*;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Writes MIKEY-SAKKE I_MESSAGEs: the mirror of {@link MikeyReader}. Each payload's "next payload"
 * octet is taken from the payload that follows; the last one before SIGN announces SIGN (4).
 */
public final class MikeyWriter {
  private MikeyWriter() {}

  /** The complete message. */
  public static byte[] write(IMessage m) {
    byte[] head = signedOctets(m.header(), m.payloads(), m.signature().signatureType(), m.signature().signature().size());
    byte[] out = Arrays.copyOf(head, head.length + m.signature().signature().size());
    System.arraycopy(m.signature().signature().internalArray(), 0, out, head.length, m.signature().signature().size());
    return out;
  }

  /**
   * Builds the message and signs it: {@code signer} receives the octets from HDR up to and including
   * the SIGN type/length field (what RFC 3830 5.2 and every deployed implementation sign) and returns
   * the signature, which must have {@code signatureLength} octets.
   */
  public static IMessage writeSigned(
      CommonHeader header, List<Payload> payloads, int signatureType, int signatureLength, UnaryOperator<byte[]> signer) {
    byte[] toSign = signedOctets(header, payloads, signatureType, signatureLength);
    byte[] sig = signer.apply(toSign);
    if (sig.length != signatureLength) {
      throw new IllegalStateException("signer returned " + sig.length + " octets, expected " + signatureLength);
    }
    return new IMessage(header, payloads, new SignaturePayload(signatureType, ByteString.of(sig)));
  }

  /** HDR, the chain, and the 2-octet SIGN type/length field: the signed part of the message. */
  public static byte[] signedOctets(CommonHeader header, List<Payload> payloads, int signatureType, int signatureLength) {
    if (signatureLength < 0 || signatureLength > 0xFFF) {
      throw new IllegalArgumentException("signature length has 12 bits");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    writeHeader(out, header, payloads.isEmpty() ? PT_SIGN : payloads.get(0).payloadType());
    for (int i = 0; i < payloads.size(); i++) {
      int next = i + 1 < payloads.size() ? payloads.get(i + 1).payloadType() : PT_SIGN;
      writePayload(out, payloads.get(i), next);
    }
    out.write((signatureType << 4) | (signatureLength >>> 8));
    out.write(signatureLength);
    return out.toByteArray();
  }

  static void writeHeader(ByteArrayOutputStream out, CommonHeader h, int next) {
    out.write(h.version());
    out.write(h.dataType());
    out.write(next);
    out.write((h.verifyRequested() ? 0x80 : 0) | h.prfFunc());
    Octets.writeUnsigned(out, h.csbId() & 0xFFFF_FFFFL, 4);
    CsIdMap map = h.csIdMap();
    out.write(map.count());
    out.write(map.mapType());
    if (map instanceof CsIdMap.SrtpId srtp) {
      for (CsIdMap.SrtpIdEntry e : srtp.entries()) {
        out.write(e.policyNo());
        Octets.writeUnsigned(out, e.ssrc() & 0xFFFF_FFFFL, 4);
        Octets.writeUnsigned(out, e.roc() & 0xFFFF_FFFFL, 4);
      }
    } else if (map instanceof CsIdMap.GenericId generic) {
      for (CsIdMap.GenericIdEntry e : generic.entries()) {
        out.write(e.csId());
        out.write(e.protType());
        out.write((e.sessionDataFlag() ? 0x80 : 0) | e.policyNos().size());
        e.policyNos().forEach(out::write);
        Octets.writeUnsigned(out, e.sessionData().size(), 2);
        out.writeBytes(e.sessionData().internalArray());
        out.write(e.spi().size());
        out.writeBytes(e.spi().internalArray());
      }
    }
  }

  static void writePayload(ByteArrayOutputStream out, Payload p, int next) {
    out.write(next);
    if (p instanceof TimestampPayload t) {
      out.write(t.tsType());
      Octets.writeUnsigned(out, t.ntp64(), 8);
    } else if (p instanceof RandPayload rand) {
      ByteString r = rand.rand();
      out.write(r.size());
      out.writeBytes(r.internalArray());
    } else if (p instanceof IdrPayload idr) {
      out.write(idr.role());
      out.write(idr.idType());
      Octets.writeUnsigned(out, idr.data().size(), 2);
      out.writeBytes(idr.data().internalArray());
    } else if (p instanceof SecurityPolicyPayload sp) {
      out.write(sp.policyNo());
      out.write(sp.protType());
      int len = sp.params().stream().mapToInt(x -> 2 + x.value().size()).sum();
      Octets.writeUnsigned(out, len, 2);
      for (SecurityPolicyPayload.Param x : sp.params()) {
        out.write(x.type());
        out.write(x.value().size());
        out.writeBytes(x.value().internalArray());
      }
    } else if (p instanceof SakkePayload s) {
      out.write(s.sakkeParams());
      out.write(s.idScheme());
      Octets.writeUnsigned(out, s.data().size(), 2);
      out.writeBytes(s.data().internalArray());
    } else if (p instanceof GeneralExtensionPayload g) {
      out.write(g.extensionType());
      Octets.writeUnsigned(out, g.data().size(), 2);
      out.writeBytes(g.data().internalArray());
    } else {
      throw new IllegalArgumentException("unknown payload " + p);
    }
  }
}
