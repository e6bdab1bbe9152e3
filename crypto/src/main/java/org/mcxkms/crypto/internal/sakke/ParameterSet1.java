package org.mcxkms.crypto.internal.sakke;

import java.math.BigInteger;

/**
 * SAKKE Parameter Set 1 (RFC 6509 Appendix A; IANA "SAKKE Parameter Sets" value 1): the curve
 * E: y^2 = x^3 - 3x over F_p with p = 3 mod 4, the 1022-bit prime q = (p+1)/4, the base point P,
 * g = &lt;P,P&gt; (in PF_p representation), n = 128 and SHA-256.
 */
public final class ParameterSet1 {
  private ParameterSet1() {}

  public static final BigInteger P =
      new BigInteger(
          "997ABB1F0A563FDA65C61198DAD0657A416C0CE19CB48261BE9AE358B3E01A2E"
              + "F40AAB27E2FC0F1B228730D531A59CB0E791B39FF7C88A19356D27F4A666A6D0"
              + "E26C6487326B4CD4512AC5CD65681CE1B6AFF4A831852A82A7CF3C521C3C09AA"
              + "9F94D6AF56971F1FFCE3E82389857DB080C5DF10AC7ACE87666D807AFEA85FEB",
          16);
  public static final BigInteger Q = P.add(BigInteger.ONE).shiftRight(2);
  public static final BigInteger PX =
      new BigInteger(
          "53FC09EE332C29AD0A7990053ED9B52A2B1A2FD60AEC69C698B2F204B6FF7CBF"
              + "B5EDB6C0F6CE2308AB10DB9030B09E1043D5F22CDB9DFA55718BD9E7406CE890"
              + "9760AF765DD5BCCB337C86548B72F2E1A702C3397A60DE74A7C1514DBA66910D"
              + "D5CFB4CC80728D87EE9163A5B63F73EC80EC46C4967E0979880DC8ABEAE63895",
          16);
  public static final BigInteger PY =
      new BigInteger(
          "0A8249063F6009F1F9F1F0533634A135D3E82016029906963D778D821E141178"
              + "F5EA69F4654EC2B9E7F7F5E5F0DE55F66B598CCF9A140B2E416CFF0CA9E032B9"
              + "70DAE117AD547C6CCAD696B5B7652FE0AC6F1E80164AA989492D979FC5A4D5F2"
              + "13515AD7E9CB99A980BDAD5AD5BB4636ADB9B5706A67DCDE75573FD71BEF16D7",
          16);
  /** g = &lt;P,P&gt;, the F_p value b/a representing the PF_p class [a + i b]. */
  public static final BigInteger G =
      new BigInteger(
          "66FC2A432B6EA392148F15867D623068C6A87BD1FB94C41E27FABE658E015A87"
              + "371E94744C96FEDA449AE9563F8BC446CBFDA85D5D00EF577072DA8F541721BE"
              + "EE0FAED1828EAB90B99DFB0138C7843355DF0460B4A9FD74B4F1A32BCAFA1FFA"
              + "D682C033A7942BCCE3720F20B9B7B0403C8CAE87B7A0042ACDE0FAB36461EA46",
          16);

  /** Octets per F_p element. */
  public static final int FIELD_LENGTH = 128;
  /** Octets of an uncompressed point 04 || x || y. */
  public static final int POINT_LENGTH = 1 + 2 * FIELD_LENGTH;
  /** n/8: octets of the SSV. */
  public static final int SSV_LENGTH = 16;
}
