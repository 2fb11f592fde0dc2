package org.remotestore.meteoswiss;

import java.math.BigInteger;

/**
 * Turns a decimal with up to 19 significant digits ({@code w × 10^-decimals}, {@code w} read as an
 * unsigned 64-bit integer) into the nearest double without {@link Double#parseDouble}: the number
 * of digits the feed's values can have when they were written from a double ({@code
 * -12.299999999999955}), where the exact small-number path of {@link Decimals} does not apply.
 *
 * <p>The method is the one of Eisel and Lemire ("Number Parsing at a Gigabyte per Second", 2021):
 * {@code w} normalised to 64 bits times a 128-bit approximation of {@code 5^-decimals}; the top
 * bits of the product are the rounded mantissa, an exact tie is detected and rounded to even. The
 * rare products whose rounding the 128 bits cannot decide give {@link Double#NaN}, and the caller
 * falls back to {@link Double#parseDouble}. The table holds the 20 powers needed, computed exactly
 * with {@link BigInteger} when the class loads.
 */
final class LongDecimals {

  /** Largest number of decimals handled (a 19-digit {@code w} has at most 19). */
  static final int MAX_DECIMALS = 19;

  private static final long[] HIGH = new long[MAX_DECIMALS + 1];
  private static final long[] LOW = new long[MAX_DECIMALS + 1];

  static {
    // 5^0 = 1 scaled to 2^127; for d > 0: floor(2^(bits(5^d) + 127) / 5^d) + 1, in [2^127, 2^128)
    HIGH[0] = Long.MIN_VALUE;
    BigInteger low64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    for (int d = 1; d <= MAX_DECIMALS; d++) {
      BigInteger five = BigInteger.valueOf(5).pow(d);
      BigInteger scaled =
          BigInteger.ONE.shiftLeft(five.bitLength() + 127).divide(five).add(BigInteger.ONE);
      HIGH[d] = scaled.shiftRight(64).longValue();
      LOW[d] = scaled.and(low64).longValue();
    }
  }

  private LongDecimals() {}

  /**
   * The double nearest to {@code w × 10^-decimals} (ties to even), or NaN when the approximation
   * cannot decide the rounding (then use {@link Double#parseDouble}).
   *
   * @param w the digits as an unsigned integer
   * @param decimals 0 to {@link #MAX_DECIMALS}
   */
  static double toDouble(long w, int decimals) {
    if (w == 0) {
      return 0;
    }
    int leadingZeros = Long.numberOfLeadingZeros(w);
    long normalised = w << leadingZeros;
    long high = unsignedMultiplyHigh(normalised, HIGH[decimals]);
    long low = normalised * HIGH[decimals];
    if ((high & 0x1FF) == 0x1FF) {
      // the 9 bits below the mantissa are all ones: the next 64 bits of the power may carry in
      long carry = unsignedMultiplyHigh(normalised, LOW[decimals]);
      low += carry;
      if (Long.compareUnsigned(carry, low) > 0) {
        high++;
      }
      if ((high & 0x1FF) == 0x1FF && low == -1L) {
        return Double.NaN;
      }
    }
    int upperBit = (int) (high >>> 63);
    int shift = upperBit + 9;
    long mantissa = high >>> shift;
    // floor(log2(10^-decimals)) + 63, plus the normalisation, plus the exponent bias 1023
    int exponent = (((-217706 * decimals) >> 16) + 63) + upperBit - leadingZeros + 1023;
    if (exponent <= 0) {
      return Double.NaN;
    }
    if (Long.compareUnsigned(low, 1) <= 0 && decimals <= 4 && (mantissa & 3) == 1) {
      if ((mantissa << shift) == high) {
        mantissa &= ~1L; // exactly halfway: round to even, not up
      }
    }
    mantissa += mantissa & 1;
    mantissa >>>= 1;
    if (mantissa >= (2L << 52)) {
      mantissa = 1L << 52;
      exponent++;
    }
    mantissa &= ~(1L << 52);
    return Double.longBitsToDouble(mantissa | ((long) exponent << 52));
  }

  private static long unsignedMultiplyHigh(long a, long b) {
    return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
  }
}
