package org.mcxkms.mcx.media;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Speech-band audio for the media plane: 8 kHz mono 16-bit PCM, G.711 mu-law (ITU-T G.711, RTP
 * payload type 0 of RFC 3551 4.5.14) in 20 ms frames of 160 octets, and WAV files. The PCM/mu-law
 * conversions and the WAV container are the JDK's javax.sound codecs.
 */
public final class Audio {
  public static final float RATE = 8000f;
  /** Samples (and mu-law octets) per 20 ms frame. */
  public static final int FRAME_SAMPLES = 160;

  public static final AudioFormat PCM = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, RATE, 16, 1, 2, RATE, false);
  public static final AudioFormat ULAW = new AudioFormat(AudioFormat.Encoding.ULAW, RATE, 8, 1, 1, RATE, false);

  private Audio() {}

  /**
   * A speech-like test signal of {@code millis} ms: a vowel-ish sum of a 140 Hz fundamental and
   * three formant partials, amplitude-modulated at 4 Hz (syllables), so that every frame differs.
   */
  public static short[] speechLike(int millis) {
    int n = Math.round(RATE * millis / 1000f);
    short[] s = new short[n];
    for (int i = 0; i < n; i++) {
      double t = i / (double) RATE;
      double syllable = 0.55 + 0.45 * Math.sin(2 * Math.PI * 4 * t);
      double v = 0.45 * Math.sin(2 * Math.PI * 140 * t) + 0.25 * Math.sin(2 * Math.PI * 700 * t + 0.3)
          + 0.15 * Math.sin(2 * Math.PI * 1220 * t + 1.1) + 0.08 * Math.sin(2 * Math.PI * 2600 * t + 2.0);
      s[i] = (short) Math.round(v * syllable * 12000);
    }
    return s;
  }

  /** PCM samples to mu-law octets (javax.sound's G.711 encoder). */
  public static byte[] toUlaw(short[] pcm) {
    return convert(pcmBytes(pcm), PCM, ULAW);
  }

  /** Mu-law octets to PCM samples (javax.sound's G.711 decoder). */
  public static short[] fromUlaw(byte[] ulaw) {
    return samples(convert(ulaw, ULAW, PCM));
  }

  /** Mu-law octets cut into 20 ms frames; a short last frame is padded with mu-law silence (0xFF). */
  public static List<byte[]> frames(byte[] ulaw) {
    List<byte[]> out = new ArrayList<>();
    for (int off = 0; off < ulaw.length; off += FRAME_SAMPLES) {
      byte[] f = new byte[FRAME_SAMPLES];
      Arrays.fill(f, (byte) 0xFF);
      System.arraycopy(ulaw, off, f, 0, Math.min(FRAME_SAMPLES, ulaw.length - off));
      out.add(f);
    }
    return out;
  }

  /** Writes 8 kHz 16-bit mono PCM as a WAV file. */
  public static void writeWav(Path file, short[] pcm) throws IOException {
    byte[] b = pcmBytes(pcm);
    try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(b), PCM, pcm.length)) {
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
    }
  }

  /** Reads a WAV file and converts it to 8 kHz 16-bit mono PCM if the JDK can. */
  public static short[] readWav(Path file) throws IOException {
    try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
      AudioInputStream pcm = in.getFormat().matches(PCM) ? in : AudioSystem.getAudioInputStream(PCM, in);
      return samples(pcm.readAllBytes());
    } catch (UnsupportedAudioFileException | IllegalArgumentException e) {
      throw new IOException(file + ": not a WAV file the JDK converts to 8 kHz 16-bit mono PCM", e);
    }
  }

  private static byte[] convert(byte[] data, AudioFormat from, AudioFormat to) {
    try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(data), from, data.length / from.getFrameSize());
        InputStream out = AudioSystem.getAudioInputStream(to, in)) {
      ByteArrayOutputStream b = new ByteArrayOutputStream(data.length * 2);
      out.transferTo(b);
      return b.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("javax.sound conversion " + from + " -> " + to + " failed", e);
    }
  }

  static byte[] pcmBytes(short[] pcm) {
    byte[] b = new byte[pcm.length * 2];
    for (int i = 0; i < pcm.length; i++) {
      b[2 * i] = (byte) pcm[i];
      b[2 * i + 1] = (byte) (pcm[i] >> 8);
    }
    return b;
  }

  static short[] samples(byte[] b) {
    short[] s = new short[b.length / 2];
    for (int i = 0; i < s.length; i++) {
      s[i] = (short) ((b[2 * i] & 0xFF) | (b[2 * i + 1] << 8));
    }
    return s;
  }
}
