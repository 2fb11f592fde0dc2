package org.remotestore.meteoswiss;

/**
 * Parses the decimal numbers of the feed straight from a range of a line, without a String per
 * number. Accepted: an optional sign, digits with an optional decimal point (at least one digit),
 * an optional exponent; nothing else (no {@code NaN}, no comma, no type suffix).
 *
 * <p>The result is the same double as {@link Double#parseDouble}: numbers of at most 18 digits
 * whose digits form an integer below 2<sup>53</sup> and with at most 22 decimals are computed as
 * that integer divided by an exact power of ten (one correctly rounded division, so the same
 * value); up to 19 digits without an exponent go through {@link LongDecimals}; anything else (an
 * exponent, more digits) goes through {@link Double#parseDouble}.
 */
final class Decimals {

  /** Returned for text that is not a decimal number. */
  static final double INVALID = Double.NaN;

  private static final long EXACT_LIMIT = 1L << 53;
  private static final double[] POWERS_OF_TEN = new double[23];

  static {
    double p = 1;
    for (int i = 0; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = p;
      p *= 10;
    }
  }

  private Decimals() {}

  /**
   * The value of {@code s[from, to)}, or {@link #INVALID} (NaN) when it is not a decimal number.
   * The range must not be empty and must be trimmed. May be infinite for huge exponents.
   */
  static double parse(String s, int from, int to) {
    return parse(s.toCharArray(), from, to);
  }

  /** As {@link #parse(String, int, int)}, over {@code s[from, to)}. */
  static double parse(char[] s, int from, int to) {
    int i = from;
    boolean negative = false;
    char c = s[i];
    if (c == '-') {
      negative = true;
      i++;
    } else if (c == '+') {
      i++;
    }
    long mantissa = 0;
    int digits = 0;
    int decimals = 0;
    while (i < to) {
      int d = s[i] - '0';
      if (d < 0 || d > 9) {
        break;
      }
      mantissa = mantissa * 10 + d;
      digits++;
      i++;
    }
    if (i < to && s[i] == '.') {
      i++;
      while (i < to) {
        int d = s[i] - '0';
        if (d < 0 || d > 9) {
          break;
        }
        mantissa = mantissa * 10 + d;
        digits++;
        decimals++;
        i++;
      }
    }
    if (digits == 0) {
      return INVALID;
    }
    if (i == to && digits <= 18 && mantissa < EXACT_LIMIT && decimals < POWERS_OF_TEN.length) {
      double value = decimals == 0 ? (double) mantissa : mantissa / POWERS_OF_TEN[decimals];
      return negative ? -value : value;
    }
    if (i == to && digits <= 19) {
      double value = LongDecimals.toDouble(mantissa, decimals);
      if (!Double.isNaN(value)) {
        return negative ? -value : value;
      }
    }
    if (i < to) {
      c = s[i];
      if (c != 'e' && c != 'E') {
        return INVALID;
      }
      i++;
      if (i < to && (s[i] == '-' || s[i] == '+')) {
        i++;
      }
      int exponentDigits = 0;
      while (i < to && s[i] >= '0' && s[i] <= '9') {
        i++;
        exponentDigits++;
      }
      if (exponentDigits == 0 || i != to) {
        return INVALID;
      }
    }
    return Double.parseDouble(new String(s, from, to - from));
  }
}
