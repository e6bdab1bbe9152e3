package org.mcxkms.mikey.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.sun.management.ThreadMXBean;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of the reader with Jazzer. Seeds: the six vendor I_MESSAGEs in
 * {@code IMessageReaderFuzzTestInputs/reader/}.
 *
 * <p>Properties: the only exception is {@link MikeyParseException}; an accepted message re-encodes
 * to exactly its input and reads the same from a stream delivering one octet at a time; the
 * general extensions it accepted interpret without other exceptions; no input takes more than 10 s
 * (libFuzzer's -timeout, set in the pom; a JUnit timeout would cover the whole fuzzing session) or
 * allocates more than a fixed bound.
 *
 * <p>{@code mvn verify} fuzzes it for {@code mikey.fuzz.seconds} (25 s) because the mikey pom sets
 * the system property {@code JAZZER_FUZZ}; with {@code -Dmikey.fuzz=false} only the seeds and
 * stored findings are replayed. Longer, on demand:
 * {@code mvn -B -pl mikey -am test -Dtest=IMessageReaderFuzzTest -Dsurefire.failIfNoSpecifiedTests=false -Dmikey.fuzz.seconds=3600}.
 */
class IMessageReaderFuzzTest {
  /** Far above what a 16 KiB message needs (a few copies of it), far below a runaway allocation. */
  private static final long MAX_ALLOCATION = 4L * 1024 * 1024;

  private static final ThreadMXBean THREADS =
      (ThreadMXBean) ManagementFactory.getThreadMXBean();

  static {
    // Warm up: class loading and first-call initialisation allocate megabytes once; the bound is
    // about the reader's own work per input.
    for (byte[] m : WireVectors.all().values()) {
      for (int n = 0; n <= m.length; n += 7) {
        try {
          MikeyReader.read(Arrays.copyOf(m, n));
          MikeyReader.read(MikeyReaderVectorTest.oneByteAtATime(Arrays.copyOf(m, n)));
        } catch (Exception expected) {
          // truncations are refused
        }
      }
    }
  }

  @FuzzTest(maxDuration = "25s")
  void reader(byte[] input) throws Exception {
    // Allocation is measured on a second read of the same input, so that one-time class loading and
    // instrumentation along a newly covered path do not count.
    try {
      MikeyReader.read(input);
    } catch (MikeyParseException e) {
      // measured below
    }
    long tid = Thread.currentThread().getId();
    long before = THREADS.getThreadAllocatedBytes(tid);
    ParsedIMessage parsed = null;
    MikeyParseException error = null;
    try {
      parsed = MikeyReader.read(input);
    } catch (MikeyParseException e) {
      error = e;
    }
    long allocated = THREADS.getThreadAllocatedBytes(tid) - before;
    if (error != null) {
      assertThat(error.offset()).isBetween(0, input.length);
    }
    assertThat(allocated).as("octets allocated reading %d input octets", input.length).isLessThan(MAX_ALLOCATION);

    ParsedIMessage streamed = null;
    try {
      streamed = MikeyReader.read(MikeyReaderVectorTest.oneByteAtATime(input));
    } catch (MikeyParseException e) {
      assertThat(error).as("stream refused what the array reader accepted: %s", e.getMessage()).isNotNull();
      if (input.length <= MikeyConstants.MAX_MESSAGE_LENGTH) {
        assertThat(e.getMessage()).isEqualTo(error.getMessage());
      }
    }
    if (parsed == null) {
      return;
    }
    assertThat(streamed).isEqualTo(parsed);
    assertThat(MikeyWriter.write(parsed.message())).isEqualTo(input);
    assertThat(parsed.signedOctets()).isEqualTo(Arrays.copyOf(input, input.length - 129));
    for (Payload p : parsed.message().payloads()) {
      if (p instanceof GeneralExtensionPayload g) {
        if (g.extensionType() == MikeyConstants.EXT_KEY_PARAMETERS) {
          KeyParametersExtension k = MikeyReader.keyParameters(g);
          assertThat(k.toGeneralExtension()).isEqualTo(g);
        } else if (g.extensionType() == MikeyConstants.EXT_SAKKE_TO_SELF) {
          assertThat(MikeyReader.sakkeToSelf(g).data().size()).isEqualTo(MikeyConstants.SAKKE_DATA_LENGTH);
        }
      }
    }
    // Reading again from an unrelated stream type must agree too.
    assertThat(MikeyReader.read(new ByteArrayInputStream(input))).isEqualTo(parsed);
  }
}
